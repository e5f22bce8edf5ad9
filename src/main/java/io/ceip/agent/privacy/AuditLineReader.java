package io.ceip.agent.privacy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * How far the consent audit log was read, in whole lines: a last line without its end is read again next time, unless
 * it is longer than any line the agent writes ({@value #MAX_LINE} bytes): then it is read past, never held whole, and
 * never taken. Not thread-safe: its {@link ConsentAudit} guards it.
 */
final class AuditLineReader {

    /** Longer lines are not the agent's. */
    private static final int MAX_LINE = 1024;

    private long readUpTo;
    private boolean overlong;

    /** Where the next read starts: the end of the last whole line (or of what was read past). */
    long readUpTo() {
        return readUpTo;
    }

    /** Whether the line read last is longer than any of the agent's (its end not seen yet). */
    boolean overlong() {
        return overlong;
    }

    /** A new log: reading starts at its start. */
    void restart() {
        readUpTo = 0;
        overlong = false;
    }

    /** Hands each whole line of {@code in} (positioned at {@link #readUpTo}), without its line feed, to {@code take}. */
    void read(InputStream in, Consumer<String> take) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long position = readUpTo;
        for (int b = in.read(); b != -1; b = in.read()) {
            position++;
            if (b == '\n') {
                if (!overlong) {
                    take.accept(line.toString(StandardCharsets.UTF_8));
                }
                overlong = false;
                line.reset();
                readUpTo = position;
            } else if (overlong || line.size() >= MAX_LINE) {
                overlong = true;
                line.reset();
                readUpTo = position;
            } else {
                line.write(b);
            }
        }
    }
}
