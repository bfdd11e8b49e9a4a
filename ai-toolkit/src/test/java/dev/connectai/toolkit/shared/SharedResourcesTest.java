package dev.connectai.toolkit.shared;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedResourcesTest {

    @Test
    void createsOncePerKeyAndClosesWithTheLastUser() {
        AtomicInteger closed = new AtomicInteger();
        SharedResources<String, AutoCloseable> shared = new SharedResources<>("thing");
        var a = shared.acquire("k", k -> closed::incrementAndGet);
        var b = shared.acquire("k", k -> closed::incrementAndGet);
        var c = shared.acquire("other", k -> closed::incrementAndGet);
        assertThat(a.get()).isSameAs(b.get());
        assertThat(shared.creations()).isEqualTo(2);
        a.close();
        a.close(); // a second close must not release b's hold
        assertThat(closed).hasValue(0);
        assertThat(shared.users("k")).isEqualTo(1);
        b.close();
        assertThat(closed).hasValue(1);
        c.close();
        assertThat(closed).hasValue(2);
        assertThat(shared.open()).isZero();
        var d = shared.acquire("k", k -> closed::incrementAndGet);
        assertThat(shared.creations()).isEqualTo(3);
        d.close();
    }
}
