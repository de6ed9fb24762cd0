#pragma once
// The `spectest` module the official test scripts import from (the reference interpreter's
// host module): print functions that accept and ignore their arguments, the globals
// global_i32/i64/f32/f64 (666 and 666.6), a funcref table of 10 (at most 20) elements and a
// memory of one page (at most two).

#include <wasm/store.h>

#include <string>

namespace mica::wasm::spectest {

class SpectestModule {
public:
    // Creates the module's objects in `store`; false when the store is out of memory.
    bool create(Store& store);
    // The export `name` of kind `kind`, if there is one.
    bool find(const std::string& name, ExternValue& out) const;

private:
    struct Print final : HostFunction {
        HostResult call(const HostCall&, Span<Value>) override { return {}; }
    };
    Print m_print;
    struct Entry {
        std::string name;
        ExternValue value;
    };
    Entry m_entries[16];
    size_t m_count = 0;
};

} // namespace mica::wasm::spectest
