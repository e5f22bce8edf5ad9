package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;
import io.ceip.collector.answer.RefusedException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * <li>a body labelled gzip that is not gzip: 400; an empty body: 400;</li>
 * <li>more bytes than the node's budget of reports in progress has left ({@link DecompressedBytesInProgress}): 503
 * with {@code Retry-After: 5}, before it inflates further.</li>
 * </ul>
 * A request takes its whole share of the budget at once where it can tell it: its body, and the report's size as a
 * gzip body's trailer declares it (RFC 1952's {@code ISIZE}, at most {@code maxDecompressed}; a plain body's own
 * length). Taken a step at a time, requests arriving together could each hold part of the budget and all be answered
 * busy, again and again (the collector's CI, 2026-12-07: twelve maximal reports against a budget of one, none
 * taken); taken whole, one of them always has all it needs. A trailer is the sender's word: a report that inflates
 * past it takes the rest a step at a time, as before, so a lie gains nothing over honesty.
 */
public final class RequestBody {

    private RequestBody() {
    }

    /**
     * The decompressed body of {@code body} (held by the HTTP server: at most {@code maxCompressed} bytes), its bytes
     * taken from the node's budget ({@code reservation}): the body's and the steps its declared size needs at once
     * before inflating, then a step at a time past them; when the budget has not enough, 503 {@code busy, retry
     * later} (the agent sends the report again), never 413.
     */
    public static byte[] read(String contentType, String contentEncoding, byte[] body, long maxCompressed,
            long maxDecompressed, DecompressedBytesInProgress.Reservation reservation) throws RefusedException {
        Optional<Refusal> refusal = refusal(contentType, contentEncoding);
        if (refusal.isPresent()) {
            throw new RefusedException(refusal.get());
        }
        byte[] sent = body == null ? new byte[0] : body;
        boolean gzip = isGzip(contentEncoding);
        long steps = Math.min(gzip ? declaredSize(sent) : sent.length, maxDecompressed)
                / DecompressedBytesInProgress.STEP + 1;
        take(reservation, sent.length + steps * DecompressedBytesInProgress.STEP);
        LimitedInputStream compressed = new LimitedInputStream(new ByteArrayInputStream(sent), maxCompressed);
        LimitedInputStream decompressed = null;
        try {
            decompressed = new LimitedInputStream(gzip ? new GZIPInputStream(compressed, 8192) : compressed,
                    maxDecompressed);
            byte[] json = inflate(decompressed, reservation, steps);
            if (json.length == 0) {
                throw new RefusedException(Refusal.EMPTY);
            }
            return json;
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

    /**
     * The size a gzip body's trailer declares for the data it holds (its last four bytes, little-endian, modulo
     * 2<sup>32</sup>); 0 for a body too short to be gzip.
     */
    static long declaredSize(byte[] gzip) {
        if (gzip.length < 18) { // a header of 10 bytes, an empty deflate block's 2, the trailer's 8
            return 0;
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(gzip, gzip.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN)
                .getInt());
    }

    /**
     * The stream's bytes, read in steps, each past the {@code paid} ones taken from the budget before it is allocated
     * and filled, then put together once (no doubling buffer: at most the steps and the result are held).
     */
    private static byte[] inflate(InputStream in, DecompressedBytesInProgress.Reservation reservation, long paid)
            throws IOException, RefusedException {
        List<byte[]> steps = new ArrayList<>();
        int last;
        do {
            if (steps.size() >= paid) {
                take(reservation, DecompressedBytesInProgress.STEP);
            }
            byte[] step = new byte[DecompressedBytesInProgress.STEP];
            last = in.readNBytes(step, 0, step.length);
            steps.add(step);
        } while (last == DecompressedBytesInProgress.STEP);
        long length = (long) (steps.size() - 1) * DecompressedBytesInProgress.STEP + last;
        if (steps.size() == 1) {
            return Arrays.copyOf(steps.get(0), last);
        }
        byte[] all = new byte[Math.toIntExact(length)];
        for (int i = 0; i < steps.size(); i++) {
            System.arraycopy(steps.get(i), 0, all, i * DecompressedBytesInProgress.STEP,
                    i < steps.size() - 1 ? DecompressedBytesInProgress.STEP : last);
            steps.set(i, null);
        }
        return all;
    }

    /** Takes {@code bytes} of the budget, or refuses: 503 {@code busy, retry later}, its line naming the setting. */
    private static void take(DecompressedBytesInProgress.Reservation reservation, long bytes)
            throws RefusedException {
        if (!reservation.take(bytes)) {
            throw RefusedException.noted(Refusal.BUSY, "; the reports in progress hold"
                    + " collector.intake.max-decompressed-bytes-in-progress");
        }
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
