package io.ceip.collector.validate;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a body is JSON text as RFC 8259 (section 8.1) requires between systems: UTF-8 without a byte order mark.
 * The stores keep the bytes decoded as UTF-8 ({@code jsonb}, H2's {@code JSON}), while Jackson also reads UTF-16 and
 * UTF-32 (it detects them), skips a byte order mark and takes CESU-8 (surrogates as 3-byte sequences) and overlong
 * forms: what it checked would not be what is stored (review s17 findings 3 and 7). Refused here:
 * <ul>
 * <li>a UTF-8 byte order mark ({@code EF BB BF}) first;</li>
 * <li>a NUL byte anywhere: JSON text has none (a string writes it {@code \u0000}), UTF-16 and UTF-32 text has
 * them;</li>
 * <li>any byte sequence Java's strict UTF-8 decoder reports as malformed (decoded in 8 K chunks: no copy of the
 * text is made).</li>
 * </ul>
 */
final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** True when {@code bytes} is UTF-8 without a byte order mark and without a NUL byte. */
    static boolean isJsonText(byte[] bytes) {
        if (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
            return false;
        }
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                break;
            }
            out.clear();
        }
        out.clear();
        return !decoder.flush(out).isError();
    }
}
