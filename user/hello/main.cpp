// The smallest program: proves that a process init starts from the boot archive runs, prints
// and hands its exit code back.

#include <mica/print.h>

int main() {
    mica::println("hello: running");
    return 0;
}
