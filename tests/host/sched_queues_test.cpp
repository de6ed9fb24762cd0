// The scheduler's pure data structures (kernel/sched/{list,run_queue,timer_queue}.h): the
// intrusive list, the priority run queue with its bitmap, and the sorted timer queue.

#include <gtest/gtest.h>
#include <sched/list.h>
#include <sched/run_queue.h>
#include <sched/timer_queue.h>

#include <random>
#include <vector>

using namespace mica::sched;

namespace {

struct Item {
    int id = 0;
    unsigned priority = 0;
    uint64_t deadline = 0;
    ListLinks<Item> link;
    ListLinks<Item> other_link;
};

struct ItemLink {
    static ListLinks<Item>& links(Item& item) { return item.link; }
    static unsigned priority(const Item& item) { return item.priority; }
    static uint64_t deadline(const Item& item) { return item.deadline; }
};

struct OtherLink {
    static ListLinks<Item>& links(Item& item) { return item.other_link; }
};

std::vector<int> ids(IntrusiveList<Item, ItemLink>& list) {
    std::vector<int> out;
    for (Item* item = list.front(); item; item = IntrusiveList<Item, ItemLink>::next(item))
        out.push_back(item->id);
    return out;
}

} // namespace

TEST(SchedList, PushPopRemoveKeepOrderAndMembership) {
    Item items[4];
    for (int i = 0; i < 4; ++i)
        items[i].id = i;
    IntrusiveList<Item, ItemLink> list;
    EXPECT_TRUE(list.is_empty());
    list.push_back(&items[1]);
    list.push_back(&items[2]);
    list.push_front(&items[0]);
    list.insert_before(&items[2], &items[3]);
    EXPECT_EQ(ids(list), (std::vector<int>{0, 1, 3, 2}));
    EXPECT_EQ(list.size(), 4u);
    EXPECT_TRUE(list.contains(&items[3]));

    list.remove(&items[3]);
    EXPECT_FALSE(list.contains(&items[3]));
    EXPECT_FALSE(items[3].link.is_linked());
    EXPECT_EQ(ids(list), (std::vector<int>{0, 1, 2}));
    EXPECT_EQ(list.pop_front(), &items[0]);
    list.remove(&items[2]);
    EXPECT_EQ(list.front(), &items[1]);
    EXPECT_EQ(list.back(), &items[1]);
    EXPECT_EQ(list.pop_front(), &items[1]);
    EXPECT_EQ(list.pop_front(), nullptr);
    EXPECT_TRUE(list.is_empty());
}

TEST(SchedList, OneElementOnTwoListsThroughDifferentLinks) {
    Item item;
    IntrusiveList<Item, ItemLink> first;
    IntrusiveList<Item, OtherLink> second;
    first.push_back(&item);
    second.push_back(&item);
    EXPECT_TRUE(first.contains(&item));
    EXPECT_TRUE(second.contains(&item));
    first.remove(&item);
    EXPECT_FALSE(first.contains(&item));
    EXPECT_TRUE(second.contains(&item));
    // Membership is per list, not per link kind.
    IntrusiveList<Item, ItemLink> third;
    third.push_back(&item);
    EXPECT_FALSE(first.contains(&item));
    EXPECT_TRUE(third.contains(&item));
}

TEST(SchedRunQueue, HighestPriorityFirstThenFifo) {
    Item items[6];
    unsigned priorities[6] = {16, 31, 0, 16, 31, 5};
    RunQueue<Item, ItemLink> queue;
    EXPECT_EQ(queue.highest_priority(), -1);
    EXPECT_EQ(queue.dequeue_highest(), nullptr);
    for (int i = 0; i < 6; ++i) {
        items[i].id = i;
        items[i].priority = priorities[i];
        queue.enqueue(&items[i]);
    }
    EXPECT_EQ(queue.size(), 6u);
    EXPECT_EQ(queue.highest_priority(), 31);
    std::vector<int> order;
    while (Item* item = queue.dequeue_highest())
        order.push_back(item->id);
    EXPECT_EQ(order, (std::vector<int>{1, 4, 0, 3, 5, 2}));
    EXPECT_TRUE(queue.is_empty());
    EXPECT_EQ(queue.highest_priority(), -1);
}

TEST(SchedRunQueue, RemoveClearsTheBitmapOnlyWhenThePriorityEmpties) {
    Item a{.id = 0, .priority = 20}, b{.id = 1, .priority = 20}, c{.id = 2, .priority = 3};
    RunQueue<Item, ItemLink> queue;
    queue.enqueue(&a);
    queue.enqueue(&b);
    queue.enqueue(&c);
    queue.remove(&a);
    EXPECT_EQ(queue.highest_priority(), 20);
    EXPECT_FALSE(queue.contains(&a));
    queue.remove(&b);
    EXPECT_EQ(queue.highest_priority(), 3);
    EXPECT_EQ(queue.size(), 1u);
}

TEST(SchedRunQueue, FindHighestSkipsRejectedItems) {
    // Work stealing: the best thread that may run on the stealing CPU.
    Item pinned{.id = 0, .priority = 30}, free_high{.id = 1, .priority = 30},
        free_low{.id = 2, .priority = 4};
    RunQueue<Item, ItemLink> queue;
    queue.enqueue(&pinned);
    queue.enqueue(&free_low);
    queue.enqueue(&free_high);
    EXPECT_EQ(queue.find_highest([](Item* item) { return item->id != 0; }), &free_high);
    EXPECT_EQ(queue.find_highest([](Item* item) { return item->priority < 10; }), &free_low);
    EXPECT_EQ(queue.find_highest([](Item*) { return false; }), nullptr);
    EXPECT_EQ(queue.size(), 3u); // nothing removed
}

TEST(SchedTimerQueue, ExpiresInDeadlineOrderAndFifoOnTies) {
    Item items[5];
    uint64_t deadlines[5] = {50, 10, 30, 10, 70};
    TimerQueue<Item, ItemLink> timers;
    EXPECT_EQ(timers.next_deadline(), kNoDeadline);
    for (int i = 0; i < 5; ++i) {
        items[i].id = i;
        items[i].deadline = deadlines[i];
        timers.insert(&items[i]);
    }
    EXPECT_EQ(timers.next_deadline(), 10u);
    EXPECT_EQ(timers.pop_expired(9), nullptr);
    std::vector<int> expired;
    while (Item* item = timers.pop_expired(50))
        expired.push_back(item->id);
    EXPECT_EQ(expired, (std::vector<int>{1, 3, 2, 0}));
    EXPECT_EQ(timers.next_deadline(), 70u);
    timers.remove(&items[4]);
    EXPECT_TRUE(timers.is_empty());
}

TEST(SchedTimerQueue, RandomInsertsAndRemovalsStaySorted) {
    std::mt19937_64 random(7);
    std::vector<Item> items(500);
    TimerQueue<Item, ItemLink> timers;
    for (size_t i = 0; i < items.size(); ++i) {
        items[i].id = int(i);
        items[i].deadline = random() % 1000;
        timers.insert(&items[i]);
    }
    for (size_t i = 0; i < items.size(); i += 3)
        timers.remove(&items[i]);
    uint64_t last = 0;
    size_t count = 0;
    while (Item* item = timers.pop_expired(kNoDeadline - 1)) {
        EXPECT_GE(item->deadline, last);
        last = item->deadline;
        EXPECT_NE(item->id % 3, 0);
        ++count;
    }
    EXPECT_EQ(count, items.size() - (items.size() + 2) / 3);
}
