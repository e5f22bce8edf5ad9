package io.ceip.collector.intake;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads at most {@code limit} bytes of a stream: the read that would go past it fails with an {@link IOException}
 * (after reading at most one byte more) and {@link #exceeded()} says so.
 */
final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private long count;
    private boolean exceeded;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (exceeded) {
            throw new IOException("over the limit");
        }
        if (length == 0) {
            return 0;
        }
        int read = in.read(buffer, offset, (int) Math.min(length, limit - count + 1));
        if (read > 0) {
            count += read;
            if (count > limit) {
                exceeded = true;
                throw new IOException("over the limit");
            }
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        int chunk = (int) Math.max(0, Math.min(n, 8192));
        return chunk == 0 ? 0 : Math.max(0, read(new byte[chunk], 0, chunk));
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    boolean exceeded() {
        return exceeded;
    }
}
