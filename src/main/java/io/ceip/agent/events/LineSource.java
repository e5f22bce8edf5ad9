package io.ceip.agent.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One Jackson parser for {@link EventLineParser}'s ASCII lines, in place of a new parser (with its contexts, buffers
 * and symbol table) for every line, and the line it reads as its input stream: the line's bytes, then the end of
 * input, so that a line cut short is refused, never continued by the next. After an object only blanks may follow on
 * its line ({@link #blankAfter}); then the parser is kept ({@link #keep}) and goes on over the next line given to
 * {@link #open}. A parser that refused a line (its object perhaps left open) is closed, never kept, and so would be
 * one that Jackson made for another encoding ({@link #ascii} keeps such lines away); each stream of lines (a spool
 * file, a request body) gets a new one ({@link #drop}). Not thread-safe, as the parser.
 * <p>
 * Bench {@code -Dbench.only=events}, 2026-12-03, A/B alternating, medians of 4 pairs, load 1.7–3.9: agent / plain
 * loop 300 files × 10,000 lines 0.70 → 0.90, 30 × 100,000 lines 0.81 → 0.95; the spool's reading alone (EventLines over
 * the same 300 files in one JVM, -Xms32m, CPU time) 950–1,060 → 780–830 ms per 3,000,000 events: fewer young
 * collections in the agent's 32 MiB heap, no parser and no ThreadLocal lookups for its buffers per line.
 */
final class LineSource extends InputStream {

    private final JsonFactory factory;
    private JsonParser kept;
    private byte[] line;
    private int position;
    private int end;
    private boolean blank;
    private final OutputStream rest = new OutputStream() {
        @Override
        public void write(int b) {
            blank &= b == ' ' || b == '\t' || b == '\r' || b == '\n';
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }
    };

    LineSource(JsonFactory factory) {
        this.factory = factory;
    }

    /** The parser to read {@code line} with: the one kept, or a new one. */
    JsonParser open(byte[] line, int length) throws IOException {
        this.line = line;
        this.position = 0;
        this.end = length;
        JsonParser parser = kept;
        kept = null;
        return parser != null ? parser : factory.createParser(this);
    }

    /** Keeps {@code parser}, which read its line whole, for the next line; null, or it when it is not one to keep. */
    JsonParser keep(JsonParser parser) {
        if (parser instanceof UTF8StreamJsonParser) {
            kept = parser;
            return null;
        }
        return parser;
    }

    /**
     * True when every byte is ASCII: such a line is valid UTF-8 as it is and goes to Jackson as bytes, neither decoded
     * nor copied into a String (the usual line). Bench {@code -Dbench.only=events}, 2026-12-03, medians of 3: 10 files
     * × 100,000 lines 0.60 → 0.66 of the plain loop (+10 %), over the route's processing time 0.64 → 0.75; 50 × 10,000
     * unchanged within noise (0.41 → 0.40). A NUL byte, which JSON in UTF-8 never holds as it is, would make Jackson
     * take the line for UTF-16 or UTF-32: such a line is decoded strictly as UTF-8 instead, and refused.
     */
    static boolean ascii(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            if (line[i] <= 0) {
                return false;
            }
        }
        return true;
    }

    /** Closes the parser kept, if any: the next line gets a new one (each stream of lines its own parser). */
    void drop() {
        close(kept);
        kept = null;
    }

    /** Closes {@code parser} (null: nothing). */
    static void close(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                // a parser over a line in memory: nothing to close
            }
        }
    }

    /** True when only blanks follow the parser's object: in its buffer, and in the line not read yet. */
    boolean blankAfter(JsonParser parser) throws IOException {
        if (!(parser instanceof UTF8StreamJsonParser)) {
            return parser.nextToken() == null; // another encoding's parser, never kept: read to the line's end
        }
        blank = true;
        parser.releaseBuffered(rest);
        rest.write(line, position, end - position);
        position = end;
        return blank;
    }

    @Override
    public int read() {
        return position < end ? line[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int n = Math.min(length, end - position);
        System.arraycopy(line, position, buffer, offset, n);
        position += n;
        return n;
    }
}
