package io.ceip.agent.demo.collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads the body of a request to the embedded collector, refusing what it must before it reaches memory:
 * <ul>
 * <li>a {@code Content-Type} other than {@code application/json} (parameters allowed): 415;</li>
 * <li>a {@code Content-Encoding} other than {@code gzip} (or {@code x-gzip}) or none: 415;</li>
 * <li>a body over {@link CollectorLimits#maxCompressedBytes()} as sent (by its {@code Content-Length}, before reading,
 * and counted while reading): 413;</li>
 * <li>a body over {@link CollectorLimits#maxDecompressedBytes()} once decompressed, counted while it is inflated, so
 * that a decompression bomb stops there: 413;</li>
 * <li>a body labelled gzip that is not: 400.</li>
 * </ul>
 * The body is read through those two counting streams; only what passes both is held, as one array. The rest of a
 * refused body is read on and dropped, up to {@value #DRAIN_FACTOR} times the compressed limit in all, so that the
 * client, still sending, gets the answer (a connection closed on unread data is reset, and the answer lost with
 * it); past that the connection is closed.
 */
final class RequestBody {

    /** How far past the compressed limit a refused body is read (and dropped) so that its client gets the answer. */
    static final int DRAIN_FACTOR = 8;

    private RequestBody() {
    }

    /**
     * The decompressed body.
     *
     * @param contentLength the declared length, or -1
     * @throws InvalidReportException with the {@link Refusal} and the bytes read when the body is refused
     */
    static byte[] read(String contentType, String contentEncoding, long contentLength, InputStream body,
            CollectorLimits limits) throws InvalidReportException {
        long drainLimit = DRAIN_FACTOR * limits.maxCompressedBytes();
        Refusal early = !isJson(contentType) ? Refusal.CONTENT_TYPE
                : !isKnownEncoding(contentEncoding) ? Refusal.CONTENT_ENCODING
                : contentLength > limits.maxCompressedBytes() ? Refusal.COMPRESSED_TOO_LARGE : null;
        if (early != null) {
            drain(body, contentLength <= drainLimit ? drainLimit : 0);
            throw new InvalidReportException(early, 0);
        }
        boolean gzip = isGzip(contentEncoding);
        LimitedInputStream compressed = new LimitedInputStream(body, limits.maxCompressedBytes());
        LimitedInputStream decompressed = null;
        try {
            decompressed = new LimitedInputStream(gzip ? new GZIPInputStream(compressed, 8192) : compressed,
                    limits.maxDecompressedBytes());
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            decompressed.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            Refusal refusal = why(gzip, compressed, decompressed);
            if (!compressed.failed()) {
                drain(body, drainLimit - compressed.count());
            }
            throw new InvalidReportException(refusal, compressed.count());
        }
    }

    /** Reads and drops up to {@code bytes} bytes of {@code body}, or until it ends or fails. */
    private static void drain(InputStream body, long bytes) {
        byte[] buffer = new byte[8192];
        try {
            for (long left = bytes; left > 0; ) {
                int read = body.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    return;
                }
                left -= read;
            }
        } catch (IOException e) {
            // the client is gone: nothing to answer
        }
    }

    private static Refusal why(boolean gzip, LimitedInputStream compressed, LimitedInputStream decompressed) {
        if (compressed.exceeded()) {
            return Refusal.COMPRESSED_TOO_LARGE;
        }
        if (decompressed != null && decompressed.exceeded()) {
            return Refusal.DECOMPRESSED_TOO_LARGE;
        }
        return gzip && !compressed.failed() ? Refusal.NOT_GZIP : Refusal.UNREADABLE;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json");
    }

    private static boolean isKnownEncoding(String contentEncoding) {
        return isGzip(contentEncoding) || encoding(contentEncoding).isEmpty()
                || encoding(contentEncoding).equals("identity");
    }

    private static boolean isGzip(String contentEncoding) {
        return encoding(contentEncoding).equals("gzip") || encoding(contentEncoding).equals("x-gzip");
    }

    private static String encoding(String contentEncoding) {
        return contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    }
}
