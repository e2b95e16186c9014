package io.benchmarkhub.command.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedAggregateCacheTest {

    @Test
    void the_least_recently_used_entry_goes_when_the_cache_is_full() {
        var cache = new BoundedAggregateCache(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat((Integer) cache.get("a")).isEqualTo(1);
        cache.put("c", 3);
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).as("least recently used").isFalse();
        assertThat(cache.containsKey("c")).isTrue();
    }

    @Test
    void entries_are_held_strongly_across_garbage_collections() {
        var cache = new BoundedAggregateCache(10);
        cache.put("a", new Object());
        for (int i = 0; i < 5; i++) System.gc();
        assertThat(cache.containsKey("a")).isTrue();
        assertThat((Object) cache.get("a")).isNotNull();
    }

    @Test
    void put_if_absent_and_remove_say_whether_they_changed_anything() {
        var cache = new BoundedAggregateCache(10);
        assertThat(cache.putIfAbsent("a", 1)).isTrue();
        assertThat(cache.putIfAbsent("a", 2)).isFalse();
        assertThat((Integer) cache.get("a")).isEqualTo(1);
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
    }
}
