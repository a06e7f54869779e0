function report(items: string[]) {
    console.log("count", items.length);
    for (const item of items) {
        console.log(item);
    }
    var done = true;
    return done;
}
console.log(report(["a", "b"]));
