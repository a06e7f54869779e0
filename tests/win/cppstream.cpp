// C++ with iostreams and std::string, libstdc++ linked statically.
#include <iostream>
#include <sstream>
#include <string>
#include <vector>
#include <map>

int main(int argc, char **argv)
{
    std::string s = "winlet";
    s += " runs C++";
    std::vector<int> v;
    for (int i = 0; i < 10; i++) v.push_back(i * i);
    std::map<std::string, int> m;
    m["three"] = 3;
    m["one"] = 1;
    std::ostringstream os;
    os << s << ": sum=" << [&] { int t = 0; for (int x : v) t += x; return t; }() << " first=" << m.begin()->first;
    std::cout << os.str() << std::endl;
    std::cout << "args=" << argc - 1;
    for (int i = 1; i < argc; i++) std::cout << " [" << argv[i] << "]";
    std::cout << std::endl;
    std::cerr << "to stderr" << std::endl;
    return 0;
}
