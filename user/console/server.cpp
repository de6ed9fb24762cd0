#include "server.h"

#include <abi/user_syscalls.h>
#include <mica/print.h>
#include <mica/protocol/console.h>
#include <string.h>

namespace mica::console {

namespace {

using protocol::kMaxTransferBytes;
using protocol::Operation;

// Enough to drain a 16-byte FIFO many times over; a UART that never runs dry (a stuck status
// bit) must not hang the service.
constexpr size_t kMaxBytesPerDrain = 4 * InputBuffer::kCapacity;
constexpr uint32_t kMaxFailuresInARow = 100;

} // namespace

void Server::drain_receiver() {
    size_t taken = 0;
    for (int byte; taken < kMaxBytesPerDrain && (byte = m_uart.try_get_byte()) >= 0; ++taken)
        m_input.push(uint8_t(byte));
    if (m_input.size() > 0)
        announce_input();
}

void Server::announce_input() {
    (void)sys::notification_signal(m_handles.input_ready, protocol::kInputReady);
}

// The line stays masked from the interrupt until interrupt_ack. A byte that arrives between the
// drain and the ack raised no new edge on an edge-triggered line (x86 ISA IRQs), so drain again
// once the line is open.
void Server::interrupt_fired() {
    drain_receiver();
    if (abi::Status status = sys::interrupt_ack(m_handles.interrupt); status != abi::Status::Ok)
        println("console: interrupt_ack: {}", abi::status_name(status));
    drain_receiver();
}

Server::Reply Server::write(uint64_t info, uint64_t count) {
    if (count == 0 || count > kMaxTransferBytes || count > abi::ipc_info_words(info) * 8ull)
        return {abi::ipc_info(0, 0, 0), {uint64_t(abi::Status::InvalidArgument), 0, 0}};
    const auto* bytes = reinterpret_cast<const uint8_t*>(m_buffer.words);
    for (uint64_t i = 0; i < count; ++i) {
        // A terminal needs a carriage return to go back to column 0 (a tty's ONLCR).
        if (bytes[i] == '\n')
            m_uart.put_byte('\r');
        m_uart.put_byte(bytes[i]);
    }
    return {abi::ipc_info(0, 0, 0), {uint64_t(abi::Status::Ok), count, 0}};
}

Server::Reply Server::read(uint64_t capacity) {
    if (capacity == 0 || capacity > kMaxTransferBytes)
        return {abi::ipc_info(0, 0, 0), {uint64_t(abi::Status::InvalidArgument), 0, 0}};
    if (m_input.size() == 0)
        return {abi::ipc_info(0, 0, 0), {uint64_t(abi::Status::ShouldWait), 0, 0}};
    size_t count = m_input.pop(reinterpret_cast<uint8_t*>(m_buffer.words), capacity);
    // Readers wait on the notification: bytes left behind must wake the next one.
    if (m_input.size() > 0)
        announce_input();
    return {abi::ipc_info(0, uint32_t((count + 7) / 8), 0), {uint64_t(abi::Status::Ok), count, 0}};
}

Server::Reply Server::input_event() {
    abi::Handle copy = kInvalidHandle;
    abi::Status status = sys::handle_duplicate(m_handles.input_ready,
                                               abi::Rights::Wait | abi::Rights::Transfer, &copy);
    if (status != abi::Status::Ok)
        return {abi::ipc_info(0, 0, 0), {uint64_t(status), 0, 0}};
    m_buffer.handles[0] = copy; // moved to the caller by the reply
    return {abi::ipc_info(0, 0, 1), {uint64_t(abi::Status::Ok), 0, 0}};
}

Server::Reply Server::handle_call(uint64_t info, uint64_t argument) {
    switch (Operation(abi::ipc_info_label(info))) {
    case Operation::Write: return write(info, argument);
    case Operation::Read: return read(argument);
    case Operation::InputEvent: return input_event();
    }
    return {abi::ipc_info(0, 0, 0), {uint64_t(abi::Status::InvalidArgument), 0, 0}};
}

void Server::serve() {
    Reply reply{};
    bool owe_reply = false;
    uint32_t failures_in_a_row = 0;
    for (;;) {
        uint64_t info = 0, badge = 0, words[3] = {};
        uint64_t reply_info = owe_reply ? reply.info | abi::ipc_info_flags::kHasReply : 0;
        abi::Status status = sys::endpoint_reply_and_wait(
            m_handles.endpoint, reply_info, abi::kDeadlineInfinite, reply.words[0], reply.words[1],
            reply.words[2], &info, &badge, &words[0], &words[1], &words[2]);
        owe_reply = false;
        if (status != abi::Status::Ok) {
            // The reply could not be delivered (the caller is gone) or the receive failed: the
            // caller, if any, sees its own error; keep serving the others.
            println("console: endpoint_reply_and_wait: {}", abi::status_name(status));
            // One failure is a caller's; a run of them is a broken endpoint: stop loudly.
            if (++failures_in_a_row == kMaxFailuresInARow) {
                println("console: giving up after {} failed receives", failures_in_a_row);
                sys::process_exit(1);
            }
            continue;
        }
        failures_in_a_row = 0;
        if (info & abi::ipc_info_flags::kNotification) {
            if (badge & kInterruptBit)
                interrupt_fired();
            continue;
        }
        // Handles a caller sent are not part of the protocol: close them rather than keep them.
        for (uint32_t i = 0; i < abi::ipc_info_handles(info); ++i)
            (void)sys::handle_close(m_buffer.handles[i]);
        reply = handle_call(info, words[0]);
        owe_reply = true;
    }
}

} // namespace mica::console
