#!/usr/bin/env python3
"""Reads the ABI spec (abi/mica.abi, format in abi/README.md), checks it, and generates from it:

  <out>/abi/mica_abi.h         enums, constants, syscall numbers and a description table (shared)
  <out>/abi/kernel_syscalls.h  one sys_<name>() declaration per syscall and the dispatcher
  <out>/abi/user_syscalls.h    libmica: one inline stub per syscall over mica_syscallN()
  docs/abi.md                  the reference page

  gen_abi.py abi/mica.abi --check-only
  gen_abi.py abi/mica.abi --output-dir build/x86_64/generated --isa x86_64
  gen_abi.py abi/mica.abi --docs docs/abi.md
  gen_abi.py abi/mica.abi --docs build/host/abi.md --compare-docs docs/abi.md

A spec error is reported as "<file>:<line>: error: <what>" and exits with status 1. The WebAssembly
host imports will be one more output of this script once the WASM runtime exists.
"""
import argparse
import os
import re
import sys

MAX_ARGS = 6
MAX_RESULTS = 5

# Argument types: C++ type in the kernel, C++ type in libmica, and a short meaning for the docs.
ARG_TYPES = {
    "handle": ("abi::Handle", "abi::Handle", "handle"),
    "u64": ("uint64_t", "uint64_t", "64-bit value"),
    "u32": ("uint32_t", "uint32_t", "32-bit value (upper bits must be 0)"),
    "i64": ("int64_t", "int64_t", "signed 64-bit value"),
    "size": ("uint64_t", "uint64_t", "size in bytes"),
    "vaddr": ("uint64_t", "uint64_t", "user virtual address (not dereferenced)"),
    "flags": ("uint64_t", "uint64_t", "flag bits"),
    "deadline": ("uint64_t", "uint64_t", "absolute monotonic time in ns"),
    "rights": ("abi::Rights", "abi::Rights", "rights bits"),
    "in_ptr": ("abi::UserIn", "const void*", "user pointer, read by the kernel"),
    "out_ptr": ("abi::UserOut", "void*", "user pointer, written by the kernel"),
}
# Result types (returned in registers after the status).
OUT_TYPES = {
    "handle": "abi::Handle",
    "u64": "uint64_t",
    "u32": "uint32_t",
    "i64": "int64_t",
    "size": "uint64_t",
    "vaddr": "uint64_t",
    "flags": "uint64_t",
    "rights": "abi::Rights",
    "object_type": "abi::ObjectType",
}
# Which attributes each argument type takes (key=value, or a bare word for "optional").
ARG_ATTRIBUTES = {
    "handle": {"object", "rights", "optional"},
    "in_ptr": {"len"},
    "out_ptr": {"len"},
    "flags": {"group"},
}
ISA_KEYS = ["instruction", "number", "args", "status", "results", "clobbers"]
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class SpecError(Exception):
    def __init__(self, line, message):
        super().__init__(message)
        self.line = line


class Item:
    """One spec line: its kind, name, number, attributes, description and line number."""

    def __init__(self, line, kind, name, number=None, attrs=None, words=None, text=""):
        self.line = line
        self.kind = kind
        self.name = name
        self.number = number
        self.attrs = attrs or {}
        self.words = words or set()
        self.text = text
        self.args = []
        self.outs = []
        self.group = None


class Spec:
    def __init__(self):
        self.isas, self.consts, self.errors, self.rights = [], [], [], []
        self.types, self.flags, self.syscalls = [], [], []

    def flag_groups(self):
        groups = {}
        for flag in self.flags:
            groups.setdefault(flag.group, []).append(flag)
        return groups


# ---- Parsing ------------------------------------------------------------------------------------

def parse_number(line, token):
    try:
        return int(token, 0)
    except ValueError:
        raise SpecError(line, f"'{token}' is not a number")


def split_fields(line, tokens):
    """Splits 'key=value' attributes from bare words."""
    attrs, words = {}, set()
    for token in tokens:
        if "=" in token:
            key, _, value = token.partition("=")
            if key in attrs:
                raise SpecError(line, f"attribute '{key}' given twice")
            attrs[key] = value
        else:
            words.add(token)
    return attrs, words


def check_name(line, name):
    if not NAME.match(name):
        raise SpecError(line, f"'{name}' is not a valid name (lower case, digits, underscores)")


def parse(path):
    spec = Spec()
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    current = None  # the syscall that arg/out lines belong to
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        head, sep, text = stripped.partition(" : ")
        if not sep or not text.strip():
            raise SpecError(number, "expected '<fields> : <description>'")
        tokens = head.split()
        kind = tokens[0]
        if kind in ("arg", "out"):
            if current is None:
                raise SpecError(number, f"'{kind}' outside a syscall")
            if len(tokens) < 3:
                raise SpecError(number, f"expected '{kind} <name> <type> ...'")
            check_name(number, tokens[1])
            attrs, words = split_fields(number, tokens[3:])
            item = Item(number, kind, tokens[1], attrs=attrs, words=words, text=text)
            item.type = tokens[2]
            (current.args if kind == "arg" else current.outs).append(item)
            continue
        current = None
        if kind == "isa":
            attrs, words = split_fields(number, tokens[2:])
            item = Item(number, kind, tokens[1], attrs=attrs, words=words, text=text)
            spec.isas.append(item)
            continue
        if kind == "flag":
            if len(tokens) != 4:
                raise SpecError(number, "expected 'flag <group> <name> <bit> : <description>'")
            check_name(number, tokens[1])
            check_name(number, tokens[2])
            item = Item(number, kind, tokens[2], parse_number(number, tokens[3]), text=text)
            item.group = tokens[1]
            spec.flags.append(item)
            continue
        lists = {"const": spec.consts, "error": spec.errors, "right": spec.rights,
                 "type": spec.types, "syscall": spec.syscalls}
        if kind not in lists:
            raise SpecError(number, f"unknown directive '{kind}'")
        if len(tokens) < 3:
            raise SpecError(number, f"expected '{kind} <name> <number> ... : <description>'")
        check_name(number, tokens[1])
        attrs, words = split_fields(number, tokens[3:])
        item = Item(number, kind, tokens[1], parse_number(number, tokens[2]), attrs, words, text)
        lists[kind].append(item)
        if kind == "syscall":
            current = item
    return spec


# ---- Validation ---------------------------------------------------------------------------------

def check_unique(items, what, numbers=True):
    names, values = {}, {}
    for item in items:
        if item.name in names:
            raise SpecError(item.line, f"{what} '{item.name}' already declared on line "
                                       f"{names[item.name].line}")
        names[item.name] = item
        if numbers:
            if item.number in values:
                first = values[item.number]
                raise SpecError(item.line, f"{what} number {item.number} already used by "
                                           f"'{first.name}' on line {first.line}")
            values[item.number] = item


def check_dense(items, what, first):
    """Numbers must be first, first+1, ... with no gap, so tables can be flat arrays."""
    expected = first
    for item in sorted(items, key=lambda i: i.number):
        if item.number != expected:
            raise SpecError(item.line, f"{what} numbers must be dense from {first}: "
                                       f"'{item.name}' is {item.number}, expected {expected}")
        expected += 1


def check_attributes(item, allowed_attrs, allowed_words):
    for key in item.attrs:
        if key not in allowed_attrs:
            raise SpecError(item.line, f"unknown attribute '{key}' on {item.kind} '{item.name}'")
    for word in item.words:
        if word not in allowed_words:
            raise SpecError(item.line, f"unknown word '{word}' on {item.kind} '{item.name}'")


def check_isa_attribute(spec, item):
    names = {isa.name for isa in spec.isas}
    if "isa" in item.attrs:
        for isa in item.attrs["isa"].split(","):
            if isa not in names:
                raise SpecError(item.line, f"unknown ISA '{isa}' (declared: "
                                           f"{', '.join(sorted(names))})")


def item_isas(spec, item):
    if "isa" in item.attrs:
        return item.attrs["isa"].split(",")
    return [isa.name for isa in spec.isas]


def validate(spec):
    if not spec.isas:
        raise SpecError(1, "no 'isa' lines: the calling convention is part of the spec")
    check_unique(spec.isas, "ISA", numbers=False)
    for isa in spec.isas:
        check_attributes(isa, set(ISA_KEYS), set())
        for key in ISA_KEYS:
            if key not in isa.attrs:
                raise SpecError(isa.line, f"ISA '{isa.name}' lacks '{key}='")
        if len(isa.attrs["args"].split(",")) != MAX_ARGS:
            raise SpecError(isa.line, f"ISA '{isa.name}' must list {MAX_ARGS} argument registers")
        if len(isa.attrs["results"].split(",")) != MAX_RESULTS:
            raise SpecError(isa.line, f"ISA '{isa.name}' must list {MAX_RESULTS} result registers")

    check_unique(spec.consts, "constant", numbers=False)
    for const in spec.consts:
        check_attributes(const, set(), set())
        if not 0 <= const.number < 1 << 64:
            raise SpecError(const.line, f"constant '{const.name}' does not fit in 64 bits")

    check_unique(spec.errors, "error")
    check_dense(spec.errors, "error", 0)
    if not spec.errors or spec.errors[0].name != "ok" or spec.errors[0].number != 0:
        raise SpecError(spec.errors[0].line if spec.errors else 1,
                        "the first error must be 'ok' with number 0")

    check_unique(spec.rights, "right")
    for right in spec.rights:
        check_attributes(right, set(), set())
        if not 0 <= right.number < 32:
            raise SpecError(right.line, f"right '{right.name}' bit {right.number} is not in 0..31")
        if right.name in ("none", "all"):
            raise SpecError(right.line, f"'{right.name}' is reserved in rights lists")

    check_unique(spec.types, "object type")
    check_dense(spec.types, "object type", 1)
    for type_ in spec.types:
        check_attributes(type_, {"isa"}, set())
        check_isa_attribute(spec, type_)
        if type_.name == "any":
            raise SpecError(type_.line, "'any' is reserved for handle arguments")

    for group, flags in spec.flag_groups().items():
        check_unique(flags, f"flag '{group}'")
        for flag in flags:
            if not 0 <= flag.number < 64:
                raise SpecError(flag.line, f"flag '{group}.{flag.name}' bit is not in 0..63")

    check_unique(spec.syscalls, "syscall")
    check_dense(spec.syscalls, "syscall", 0)
    for syscall in spec.syscalls:
        validate_syscall(spec, syscall)


def validate_syscall(spec, syscall):
    check_attributes(syscall, {"isa"}, {"noreturn"})
    check_isa_attribute(spec, syscall)
    types = {t.name: t for t in spec.types}
    rights = {r.name for r in spec.rights}
    groups = spec.flag_groups()
    if len(syscall.args) > MAX_ARGS:
        raise SpecError(syscall.args[MAX_ARGS].line,
                        f"syscall '{syscall.name}' has more than {MAX_ARGS} register arguments")
    if len(syscall.outs) > MAX_RESULTS:
        raise SpecError(syscall.outs[MAX_RESULTS].line,
                        f"syscall '{syscall.name}' has more than {MAX_RESULTS} results")
    if "noreturn" in syscall.words and syscall.outs:
        raise SpecError(syscall.outs[0].line, f"noreturn syscall '{syscall.name}' has results")
    check_unique(syscall.args + syscall.outs, f"argument or result of '{syscall.name}'",
                 numbers=False)
    for arg in syscall.args:
        if arg.type not in ARG_TYPES:
            raise SpecError(arg.line, f"unknown argument type '{arg.type}' (known: "
                                      f"{', '.join(ARG_TYPES)})")
        allowed = ARG_ATTRIBUTES.get(arg.type, set())
        check_attributes(arg, allowed - {"optional"}, allowed & {"optional"})
        if arg.type == "handle":
            if "object" not in arg.attrs or "rights" not in arg.attrs:
                raise SpecError(arg.line, f"handle argument '{arg.name}' needs object= and rights=")
            obj = arg.attrs["object"]
            if obj != "any" and obj not in types:
                raise SpecError(arg.line, f"unknown object type '{obj}'")
            if obj in types and "isa" in types[obj].attrs:
                if not set(item_isas(spec, syscall)) <= set(types[obj].attrs["isa"].split(",")):
                    raise SpecError(arg.line, f"'{obj}' exists only on {types[obj].attrs['isa']}; "
                                              f"mark syscall '{syscall.name}' isa= likewise")
            if arg.attrs["rights"] != "none":
                for right in arg.attrs["rights"].split(","):
                    if right not in rights:
                        raise SpecError(arg.line, f"unknown right '{right}'")
        if arg.type in ("in_ptr", "out_ptr"):
            length = arg.attrs.get("len")
            target = [a for a in syscall.args if a.name == length]
            if not target or target[0].type != "size":
                raise SpecError(arg.line, f"pointer '{arg.name}' needs len=<a size argument of "
                                          f"'{syscall.name}'>")
        if arg.type == "flags" and "group" in arg.attrs and arg.attrs["group"] not in groups:
            raise SpecError(arg.line, f"unknown flag group '{arg.attrs['group']}'")
    for out in syscall.outs:
        if out.type not in OUT_TYPES:
            raise SpecError(out.line, f"unknown result type '{out.type}' (known: "
                                      f"{', '.join(OUT_TYPES)})")
        check_attributes(out, {"group"} if out.type == "flags" else set(), set())
        if out.type == "flags" and "group" in out.attrs and out.attrs["group"] not in groups:
            raise SpecError(out.line, f"unknown flag group '{out.attrs['group']}'")


# ---- C++ generation -----------------------------------------------------------------------------

def pascal(name):
    # Digit-only parts keep their underscore so x86_64 stays readable as X86_64.
    result = ""
    for part in name.split("_"):
        if part.isdigit() and result:
            result += "_" + part
        else:
            result += part[:1].upper() + part[1:]
    return result


def rights_expression(names):
    if names == "none":
        return "Rights::None"
    return " | ".join(f"Rights::{pascal(r)}" for r in names.split(","))


HEADER_NOTE = "// Generated by tools/gen_abi.py from abi/mica.abi. Do not edit; edit the spec."


def render_common(spec):
    out = ["#pragma once", HEADER_NOTE,
           "// The ABI shared by the kernel and user space: status codes, rights, object types,",
           "// flags, constants, syscall numbers and a table describing every syscall.", "",
           "#include <stdint.h>", "", "namespace mica::abi {", "",
           "// A handle is an index into the calling process's handle table, passed in a register.",
           "using Handle = uint32_t;", ""]
    for const in spec.consts:
        out.append(f"// {const.text}")
        out.append(f"inline constexpr uint64_t k{pascal(const.name)} = {const.number:#x};")
    out += ["", "// The status every syscall returns in the status register.",
            "enum class Status : uint64_t {"]
    for error in spec.errors:
        out.append(f"    {pascal(error.name)} = {error.number}, // {error.text}")
    out += ["};", f"inline constexpr uint64_t kStatusCount = {len(spec.errors)};", "",
            "constexpr const char* status_name(Status status) {", "    switch (status) {"]
    for error in spec.errors:
        out.append(f'    case Status::{pascal(error.name)}: return "{error.name}";')
    out += ["    }", '    return "unknown status";', "}", "",
            "// A handle's rights: one bit each.", "enum class Rights : uint32_t {", "    None = 0,"]
    all_bits = 0
    for right in spec.rights:
        out.append(f"    {pascal(right.name)} = 1u << {right.number}, // {right.text}")
        all_bits |= 1 << right.number
    out += [f"    All = {all_bits:#x},", "};", "",
            "constexpr Rights operator|(Rights a, Rights b) {",
            "    return static_cast<Rights>(static_cast<uint32_t>(a) | static_cast<uint32_t>(b));",
            "}",
            "constexpr Rights operator&(Rights a, Rights b) {",
            "    return static_cast<Rights>(static_cast<uint32_t>(a) & static_cast<uint32_t>(b));",
            "}",
            "// True if `have` includes every right in `need`.",
            "constexpr bool has_rights(Rights have, Rights need) { return (have & need) == need; }",
            "", "struct RightInfo {", "    const char* name;", "    Rights right;", "};",
            f"inline constexpr RightInfo kRightTable[{len(spec.rights)}] = {{"]
    out += [f'    {{"{r.name}", Rights::{pascal(r.name)}}},' for r in spec.rights]
    out += ["};", "", "enum class ObjectType : uint32_t {",
            "    None = 0, // no object; in handle argument descriptions: any type"]
    for type_ in spec.types:
        note = f" (only on {type_.attrs['isa']})" if "isa" in type_.attrs else ""
        out.append(f"    {pascal(type_.name)} = {type_.number}, // {type_.text}{note}")
    out += ["};", f"inline constexpr uint32_t kObjectTypeCount = {len(spec.types)};", "",
            "constexpr const char* object_type_name(ObjectType type) {", "    switch (type) {",
            '    case ObjectType::None: return "none";']
    for type_ in spec.types:
        out.append(f'    case ObjectType::{pascal(type_.name)}: return "{type_.name}";')
    out += ["    }", '    return "unknown type";', "}", ""]
    for group, flags in spec.flag_groups().items():
        out.append(f"namespace {group}_flags {{")
        for flag in flags:
            out.append(f"inline constexpr uint64_t k{pascal(flag.name)} = 1ull << {flag.number};"
                       f" // {flag.text}")
        out += [f"}} // namespace {group}_flags", ""]
    out.append("// ISAs, as a bit mask: which ISAs a syscall exists on.")
    for index, isa in enumerate(spec.isas):
        out.append(f"inline constexpr uint8_t kIsa{pascal(isa.name)} = 1u << {index};")
    out += ["", "enum class Syscall : uint64_t {"]
    for syscall in spec.syscalls:
        out.append(f"    {pascal(syscall.name)} = {syscall.number},")
    out += ["};", f"inline constexpr uint64_t kSyscallCount = {len(spec.syscalls)};",
            f"inline constexpr int kMaxSyscallArgs = {MAX_ARGS};",
            f"inline constexpr int kMaxSyscallResults = {MAX_RESULTS};", "",
            "// What the arch syscall entry hands to the dispatcher, and what goes back to user space.",
            "struct SyscallArgs {", "    uint64_t value[kMaxSyscallArgs];", "};",
            "struct SyscallReturn {", "    uint64_t status;",
            "    uint64_t value[kMaxSyscallResults];", "};", "",
            "// A description of every syscall, for tests, tracing and tools.",
            "enum class ArgKind : uint8_t {"]
    kinds = list(dict.fromkeys(list(ARG_TYPES) + list(OUT_TYPES)))
    for kind in kinds:
        out.append(f"    {pascal(kind)},")
    out += ["};", "struct ArgInfo {", "    const char* name;", "    ArgKind kind;",
            "    ObjectType object; // handles: the type needed, None for any",
            "    Rights rights;     // handles: the rights needed",
            "    bool optional;     // handles: kHandleInvalid is accepted",
            "    int8_t length_arg; // pointers: index of the size argument, else -1", "};",
            "struct SyscallInfo {", "    const char* name;", "    Syscall number;",
            "    uint8_t arg_count;", "    uint8_t result_count;", "    bool noreturn;",
            "    uint8_t isas;", "    ArgInfo args[kMaxSyscallArgs];",
            "    ArgInfo results[kMaxSyscallResults];", "};", "",
            "inline constexpr SyscallInfo kSyscalls[kSyscallCount] = {"]
    for syscall in spec.syscalls:
        isas = " | ".join(f"kIsa{pascal(i)}" for i in item_isas(spec, syscall))
        noreturn = "true" if "noreturn" in syscall.words else "false"
        args = ", ".join(arg_info(arg, syscall) for arg in syscall.args)
        results = ", ".join(arg_info(o, syscall) for o in syscall.outs)
        out.append(f'    {{"{syscall.name}", Syscall::{pascal(syscall.name)}, {len(syscall.args)}, '
                   f"{len(syscall.outs)}, {noreturn}, {isas}, {{{args}}}, {{{results}}}}},")
    out += ["};", "", "} // namespace mica::abi", ""]
    return "\n".join(out)


def arg_info(arg, syscall):
    obj, rights, optional, length = "ObjectType::None", "Rights::None", "false", -1
    if arg.kind == "arg" and arg.type == "handle":
        if arg.attrs["object"] != "any":
            obj = f"ObjectType::{pascal(arg.attrs['object'])}"
        rights = rights_expression(arg.attrs["rights"])
        optional = "true" if "optional" in arg.words else "false"
    if "len" in arg.attrs:
        length = [a.name for a in syscall.args].index(arg.attrs["len"])
    return f'{{"{arg.name}", ArgKind::{pascal(arg.type)}, {obj}, {rights}, {optional}, {length}}}'


def decode(arg, index):
    """C++ that turns register index of `args` into the argument, rejecting what does not fit."""
    value = f"args.value[{index}]"
    if arg.type == "handle":
        return (f"if ({value} > 0xffffffffu) return {{uint64_t(Status::BadHandle), {{}}}};",
                f"static_cast<Handle>({value})")
    if arg.type == "u32":
        return (f"if ({value} > 0xffffffffu) return {{uint64_t(Status::InvalidArgument), {{}}}};",
                f"static_cast<uint32_t>({value})")
    if arg.type == "rights":
        return (f"if ({value} & ~uint64_t(Rights::All)) "
                f"return {{uint64_t(Status::InvalidArgument), {{}}}};",
                f"static_cast<Rights>({value})")
    if arg.type == "i64":
        return None, f"static_cast<int64_t>({value})"
    if arg.type == "in_ptr":
        return None, f"UserIn{{{value}}}"
    if arg.type == "out_ptr":
        return None, f"UserOut{{{value}}}"
    return None, value


def kernel_params(syscall):
    params = [f"{ARG_TYPES[a.type][0]} {a.name}" for a in syscall.args]
    params += [f"{OUT_TYPES[o.type]}& {o.name}" for o in syscall.outs]
    return ", ".join(params)


def render_kernel(spec, isa):
    out = ["#pragma once", HEADER_NOTE,
           f"// The kernel side for {isa}: the kernel's syscall layer defines every sys_<name>()",
           "// declared here; dispatch() decodes registers, rejects values that do not fit their",
           "// type, calls it and packs the results. Syscalls the ISA lacks answer unsupported.", "",
           "#include <abi/mica_abi.h>", "", "namespace mica::abi {", "",
           "// User addresses the kernel must not dereference: only the checked copy helpers",
           "// take them, and they turn a bad address into Status::BadAddress.",
           "struct UserIn {", "    uint64_t address;", "};",
           "struct UserOut {", "    uint64_t address;", "};", "", "} // namespace mica::abi", "",
           "namespace mica::syscall {", "", "using namespace mica::abi;", ""]
    present = [s for s in spec.syscalls if isa == "all" or isa in item_isas(spec, s)]
    for syscall in present:
        out.append(f"// {syscall.text}")
        if "noreturn" in syscall.words:
            out.append(f"[[noreturn]] void sys_{syscall.name}({kernel_params(syscall)});")
        else:
            out.append(f"Status sys_{syscall.name}({kernel_params(syscall)});")
    out += ["", "inline SyscallReturn dispatch(uint64_t number, const SyscallArgs& args) {",
            "    SyscallReturn result{};", "    switch (static_cast<Syscall>(number)) {"]
    for syscall in spec.syscalls:
        out.append(f"    case Syscall::{pascal(syscall.name)}: {{")
        if syscall not in present:
            out += ["        result.status = uint64_t(Status::Unsupported);", "        break;",
                    "    }"]
            continue
        values = []
        for index, arg in enumerate(syscall.args):
            check, expression = decode(arg, index)
            if check:
                out.append(f"        {check}")
            values.append(expression)
        for o in syscall.outs:
            out.append(f"        {OUT_TYPES[o.type]} out_{o.name}{{}};")
            values.append(f"out_{o.name}")
        call = f"sys_{syscall.name}({', '.join(values)})"
        if "noreturn" in syscall.words:
            out += [f"        {call};", "    }"]
            continue
        out.append(f"        result.status = uint64_t({call});")
        for index, o in enumerate(syscall.outs):
            out.append(f"        result.value[{index}] = uint64_t(out_{o.name});")
        out += ["        break;", "    }"]
    out += ["    default: result.status = uint64_t(Status::BadSyscall); break;", "    }",
            "    return result;", "}", "", "} // namespace mica::syscall", ""]
    return "\n".join(out)


def render_user(spec):
    out = ["#pragma once", HEADER_NOTE,
           "// libmica: one inline stub per syscall. Results are stored only when the status is",
           "// ok. mica_syscallN() executes the trap instruction; each ISA's libmica defines it.",
           "", "#include <abi/mica_abi.h>", "", "namespace mica::sys {", "",
           "using namespace mica::abi;", ""]
    for n in range(MAX_ARGS + 1):
        params = "".join(f", uint64_t a{i}" for i in range(n))
        out.append(f"SyscallReturn mica_syscall{n}(uint64_t number{params});")
    out.append("")
    for syscall in spec.syscalls:
        params = [f"{ARG_TYPES[a.type][1]} {a.name}" for a in syscall.args]
        params += [f"{OUT_TYPES[o.type]}* {o.name}" for o in syscall.outs]
        values = [f"uint64_t(Syscall::{pascal(syscall.name)})"]
        for arg in syscall.args:
            if arg.type in ("in_ptr", "out_ptr"):
                values.append(f"reinterpret_cast<uintptr_t>({arg.name})")
            else:
                values.append(f"uint64_t({arg.name})")
        call = f"mica_syscall{len(syscall.args)}({', '.join(values)})"
        isa = f" Only on {syscall.attrs['isa']}." if "isa" in syscall.attrs else ""
        out.append(f"// {syscall.text}{isa}")
        if "noreturn" in syscall.words:
            out += [f"[[noreturn]] inline void {syscall.name}({', '.join(params)}) {{",
                    f"    {call};", "    __builtin_unreachable();", "}"]
            continue
        out.append(f"inline Status {syscall.name}({', '.join(params)}) {{")
        if not syscall.outs:
            out += [f"    return static_cast<Status>({call}.status);", "}"]
            continue
        out += [f"    SyscallReturn result = {call};",
                "    if (result.status == uint64_t(Status::Ok)) {"]
        for index, o in enumerate(syscall.outs):
            out.append(f"        *{o.name} = static_cast<{OUT_TYPES[o.type]}>(result.value[{index}]);")
        out += ["    }", "    return static_cast<Status>(result.status);", "}"]
    out += ["", "} // namespace mica::sys", ""]
    return "\n".join(out)


# ---- Documentation ------------------------------------------------------------------------------

def describe_arg(arg):
    if arg.type == "handle":
        obj = arg.attrs["object"]
        rights = arg.attrs["rights"].replace(",", ", ")
        text = f"handle to {'any object' if obj == 'any' else '`' + obj + '`'}, rights: {rights}"
        return text + (" (optional)" if "optional" in arg.words else "")
    if arg.type in ("in_ptr", "out_ptr"):
        return f"{ARG_TYPES[arg.type][2]}, `{arg.attrs['len']}` bytes"
    if arg.type == "flags" and "group" in arg.attrs:
        return f"`{arg.attrs['group']}` flags"
    return ARG_TYPES[arg.type][2] if arg.kind == "arg" and arg.type in ARG_TYPES else arg.type


def render_docs(spec):
    out = ["<!-- Generated by tools/gen_abi.py from abi/mica.abi. Do not edit: change the spec and",
           "     run `make abi-docs`. -->", "# The Mica ABI", "",
           "Every syscall, object type, right and status code, generated from `abi/mica.abi` (the",
           "format is described in `abi/README.md`). The kernel's dispatcher and libmica's stubs",
           "are generated from the same file, so this page, the kernel and user space agree.", "",
           "## Calling convention", "",
           "A syscall takes up to six register arguments and returns a status and up to five",
           "results in registers. Arguments are 64-bit; handles, 32-bit values and rights with",
           "stray upper bits are refused (`bad_handle`, `invalid_argument`). Results are only",
           "meaningful when the status is `ok`. Registers other than the status, result and",
           "clobbered ones are preserved.", "",
           "| ISA | Trap | Number | Arguments | Status | Results | Clobbered | Note |",
           "|---|---|---|---|---|---|---|---|"]
    for isa in spec.isas:
        a = isa.attrs
        trap = "svc #0" if a["instruction"] == "svc_0" else a["instruction"]
        out.append(f"| {isa.name} | `{trap}` | {a['number']} | {a['args'].replace(',', ', ')} | "
                   f"{a['status']} | {a['results'].replace(',', ', ')} | "
                   f"{a['clobbers'].replace(',', ', ')} | {isa.text} |")
    out += ["", "## Rules every syscall follows", "",
            "- A handle argument is checked in this order: it must be live in the calling",
            "  process (`bad_handle`), name an object of the type the syscall takes",
            "  (`wrong_type`), and carry the rights listed (`access_denied`).",
            "- A user pointer the kernel cannot read or write fails with `bad_address`; the",
            "  kernel never faults on it.",
            "- Every blocking syscall takes a deadline on the monotonic clock (`clock_get(0)`):",
            "  `deadline_now` polls (`should_wait`), `deadline_infinite` never times out.",
            "- Items marked with an ISA keep their numbers everywhere; elsewhere they answer",
            "  `unsupported`.", "", "## Status codes", "", "| Value | Name | Meaning |",
            "|---|---|---|"]
    out += [f"| {e.number} | `{e.name}` | {e.text} |" for e in spec.errors]
    out += ["", "## Rights", "", "| Bit | Name | Meaning |", "|---|---|---|"]
    out += [f"| {r.number} | `{r.name}` | {r.text} |" for r in spec.rights]
    out += ["", "## Object types", "", "| Value | Name | ISA | Meaning |", "|---|---|---|---|"]
    out += [f"| {t.number} | `{t.name}` | {t.attrs.get('isa', 'all')} | {t.text} |"
            for t in spec.types]
    out += ["", "## Flags", "", "| Group | Bit | Name | Meaning |", "|---|---|---|---|"]
    for group, flags in spec.flag_groups().items():
        out += [f"| {group} | {f.number} | `{f.name}` | {f.text} |" for f in flags]
    out += ["", "## Constants", "", "| Name | Value | Meaning |", "|---|---|---|"]
    out += [f"| `{c.name}` | {c.number:#x} | {c.text} |" for c in spec.consts]
    out += ["", "## Syscalls", "", "| Number | Name | ISA | Description |", "|---|---|---|---|"]
    out += [f"| {s.number} | [`{s.name}`](#{s.name}) | {s.attrs.get('isa', 'all')} | {s.text} |"
            for s in spec.syscalls]
    for syscall in spec.syscalls:
        out += ["", f"### {syscall.name}", "", f"Number {syscall.number}. {syscall.text}"]
        if "isa" in syscall.attrs:
            out.append(f"Only on {syscall.attrs['isa']}.")
        out.append("")
        if syscall.args:
            out += ["| Argument | Type | Meaning |", "|---|---|---|"]
            out += [f"| `{a.name}` | {describe_arg(a)} | {a.text} |" for a in syscall.args]
        else:
            out.append("No arguments.")
        out.append("")
        if "noreturn" in syscall.words:
            out.append("Does not return.")
        elif syscall.outs:
            out += ["Returns a status and:", "", "| Result | Type | Meaning |", "|---|---|---|"]
            out += [f"| `{o.name}` | {o.type} | {o.text} |" for o in syscall.outs]
        else:
            out.append("Returns a status.")
    return "\n".join(out) + "\n"


# ---- Main ---------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", help="the ABI spec, abi/mica.abi")
    parser.add_argument("--check-only", action="store_true", help="validate and write nothing")
    parser.add_argument("--output-dir", help="write abi/*.h here")
    parser.add_argument("--isa", default="all", help="the ISA the kernel header is for")
    parser.add_argument("--docs", help="write the reference page here")
    parser.add_argument("--compare-docs", help="fail if --docs output differs from this file")
    options = parser.parse_args()

    try:
        spec = parse(options.spec)
        validate(spec)
    except SpecError as error:
        print(f"{options.spec}:{error.line}: error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"gen_abi.py: {error}", file=sys.stderr)
        return 1
    if options.isa != "all" and options.isa not in [i.name for i in spec.isas]:
        print(f"gen_abi.py: unknown ISA '{options.isa}'", file=sys.stderr)
        return 1
    if options.check_only:
        return 0

    if options.output_dir:
        directory = os.path.join(options.output_dir, "abi")
        os.makedirs(directory, exist_ok=True)
        # Always written: the build reruns this only when the spec or this script changed, and
        # fresh timestamps tell it the outputs are up to date.
        outputs = {"mica_abi.h": render_common(spec),
                   "kernel_syscalls.h": render_kernel(spec, options.isa),
                   "user_syscalls.h": render_user(spec)}
        for name, text in outputs.items():
            with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
                f.write(text)
    if options.docs:
        docs = render_docs(spec)
        with open(options.docs, "w", encoding="utf-8") as f:
            f.write(docs)
        if options.compare_docs:
            try:
                with open(options.compare_docs, encoding="utf-8") as f:
                    committed = f.read()
            except OSError:
                committed = None
            if committed != docs:
                print(f"{options.compare_docs} is out of date with {options.spec} (regenerated "
                      f"copy: {options.docs}); run `make abi-docs` and commit the result.",
                      file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
