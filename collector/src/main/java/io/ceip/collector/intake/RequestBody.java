package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;
import io.ceip.collector.answer.RefusedException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Turns a request's body into the report's JSON bytes, refusing what it must before it reaches memory:
 * <ul>
 * <li>a {@code Content-Type} other than {@code application/json} (parameters allowed): 415;</li>
 * <li>a {@code Content-Encoding} other than {@code gzip}, {@code x-gzip}, {@code identity} or none: 415;</li>
 * <li>more than {@code maxCompressed} bytes as sent: 413 (the HTTP server counts them while they arrive and stops
 * there: {@link IntakeServer}'s body handler has the same limit; counted here again);</li>
 * <li>more than {@code maxDecompressed} bytes once inflated, counted while inflating, so that a decompression bomb
 * stops at the limit: 413;</li>
 * <li>a body labelled gzip that is not gzip: 400; an empty body: 400.</li>
 * </ul>
 */
public final class RequestBody {

    private RequestBody() {
    }

    /** The decompressed body. */
    public static byte[] read(String contentType, String contentEncoding, InputStream body, long maxCompressed,
            long maxDecompressed) throws RefusedException {
        Optional<Refusal> refusal = refusal(contentType, contentEncoding);
        if (refusal.isPresent()) {
            throw new RefusedException(refusal.get());
        }
        boolean gzip = isGzip(contentEncoding);
        LimitedInputStream compressed = new LimitedInputStream(body == null ? InputStream.nullInputStream() : body,
                maxCompressed);
        LimitedInputStream decompressed = null;
        try {
            decompressed = new LimitedInputStream(gzip ? new GZIPInputStream(compressed, 8192) : compressed,
                    maxDecompressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            decompressed.transferTo(out);
            if (out.size() == 0) {
                throw new RefusedException(Refusal.EMPTY);
            }
            return out.toByteArray();
        } catch (IOException e) {
            if (compressed.exceeded()) {
                throw new RefusedException(Refusal.COMPRESSED_TOO_LARGE);
            }
            if (decompressed != null && decompressed.exceeded()) {
                throw new RefusedException(Refusal.DECOMPRESSED_TOO_LARGE);
            }
            throw new RefusedException(gzip ? Refusal.NOT_GZIP : Refusal.UNREADABLE);
        }
    }

    /** The same, for a body already held by the HTTP server (at most {@code maxCompressed} bytes). */
    public static byte[] read(String contentType, String contentEncoding, byte[] body, long maxCompressed,
            long maxDecompressed) throws RefusedException {
        return read(contentType, contentEncoding, new ByteArrayInputStream(body == null ? new byte[0] : body),
                maxCompressed, maxDecompressed);
    }

    /**
     * What the body's headers alone refuse: a {@code Content-Type} other than JSON ({@link Refusal#CONTENT_TYPE}),
     * a {@code Content-Encoding} other than gzip or none ({@link Refusal#CONTENT_ENCODING}); empty when they are fine.
     * Asked before the body is read too ({@link RefusedOnHeaders}).
     */
    public static Optional<Refusal> refusal(String contentType, String contentEncoding) {
        if (!isJson(contentType)) {
            return Optional.of(Refusal.CONTENT_TYPE);
        }
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        if (!isGzip(contentEncoding) && !encoding.isEmpty() && !encoding.equals("identity")) {
            return Optional.of(Refusal.CONTENT_ENCODING);
        }
        return Optional.empty();
    }

    private static boolean isGzip(String contentEncoding) {
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return encoding.equals("gzip") || encoding.equals("x-gzip");
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals("application/json");
    }
}
