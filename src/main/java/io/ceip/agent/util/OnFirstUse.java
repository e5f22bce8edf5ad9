package io.ceip.agent.util;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made by the first {@link #get()} and then kept: what a start does not need waits for its first use (the
 * agent's Jackson {@code ObjectMapper} and report schema are made with the first report, not at start). Thread-safe;
 * the value is made once. A failure to make it is thrown to that caller, and the next call tries again.
 *
 * @param <T> the value's type
 */
public final class OnFirstUse<T> implements Supplier<T> {

    private final Supplier<? extends T> factory;
    private volatile T value;

    public OnFirstUse(Supplier<? extends T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public T get() {
        T made = value;
        if (made == null) {
            synchronized (this) {
                made = value;
                if (made == null) {
                    made = Objects.requireNonNull(factory.get(), "the factory made null");
                    value = made;
                }
            }
        }
        return made;
    }

    /** Whether the value has been made. */
    public boolean made() {
        return value != null;
    }
}
