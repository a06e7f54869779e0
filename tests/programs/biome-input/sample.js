const   x = {a:1,b:[1,2,3]}
function  f( a,b ){return a+b}
console.log( f(x.a , 2) )
const long = [ "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota" ];
class  Point { constructor(x,y){ this.x=x; this.y=y } norm(){ return Math.sqrt(this.x*this.x+this.y*this.y) } }
