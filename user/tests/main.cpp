// tests: the user-space test suite. init starts it in test mode (user/init) with the handles it
// needs; it runs every registered case (cases/*.cpp), prints "N passed, N failed" and exits with
// the number of failures. An optional argv[1] runs only the cases whose name contains it.

#include <framework/test.h>
#include <mica/print.h>
#include <support/support.h>

int main(int argc, char** argv) {
    using namespace mica;
    mica::StringView filter = argc > 1 ? mica::StringView(argv[1]) : mica::StringView();
    println("tests: started{}{}", filter.is_empty() ? "" : ", filter ", filter);
    if (test::root_resource() == kInvalidHandle)
        println("tests: no RootResource handle: the system_info cases will fail");
    return test::run_all(filter);
}
