package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ceip.collector.intake.ProductTokens;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokens file ({@code collector.tokens-file}) is read as the settings file is: a byte order mark (Windows
 * editors write one) is skipped, a file that is not UTF-8, not a regular file, or larger than any tokens file stops
 * the start with one line naming it. Before: the mark became part of the first key, so its product's token line (or
 * its {@code CEIP_COLLECTOR_TOKEN_<ID>}) was not found and the start stopped saying the product has no token; a file
 * in Latin-1 said only {@code could not be read}; a directory said it names no product; a file of gigabytes (a log
 * named by mistake) was read whole.
 */
class TokensFileHostileOrOddIsOneLineTest {

    private static final String BOM = "\uFEFF";

    @TempDir
    Path dir;

    @Test
    void aByteOrderMarkIsSkippedWhereverItsFirstKeyLeadsTo() throws Exception {
        Path productFirst = Files.writeString(dir.resolve("a.properties"), BOM + "a.product=A\na.token=product-a-token-0123\n");
        Path tokenFirst = Files.writeString(dir.resolve("b.properties"), BOM + "b.token=product-b-token-0123\nb.product=B\n");
        Path environment = Files.writeString(dir.resolve("c.properties"), BOM + "c.product=C\n");

        assertThat(ProductTokens.load(productFirst, Map.of()).product("Bearer product-a-token-0123")).contains("A");
        assertThat(ProductTokens.load(tokenFirst, Map.of()).product("Bearer product-b-token-0123")).contains("B");
        assertThat(ProductTokens.load(environment, Map.of("CEIP_COLLECTOR_TOKEN_C", "product-c-token-0123"))
                .product("Bearer product-c-token-0123")).contains("C");
    }

    @Test
    void aFileNotInUtf8IsNamedSo() throws Exception {
        Path latin1 = Files.write(dir.resolve("tokens.properties"),
                "a.product=Démo\na.token=product-a-token-0123\n".getBytes(StandardCharsets.ISO_8859_1));
        Path utf16 = Files.write(dir.resolve("utf16.properties"),
                "a.product=A\na.token=product-a-token-0123\n".getBytes(StandardCharsets.UTF_16));

        for (Path file : new Path[] {latin1, utf16}) {
            assertThatIllegalArgumentException().isThrownBy(() -> ProductTokens.load(file, Map.of()))
                    .withMessage("collector.tokens-file: " + file + " is not UTF-8 text (save it as UTF-8)");
        }
    }

    @Test
    void aDirectoryIsNotAFile() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("tokens.properties"));
        Path link = Files.createSymbolicLink(dir.resolve("link.properties"), directory);

        for (Path file : new Path[] {directory, link}) {
            assertThatIllegalArgumentException().isThrownBy(() -> ProductTokens.load(file, Map.of()))
                    .withMessage("collector.tokens-file: " + file + " is not a file");
        }
    }

    /** A sparse file of 4 GiB: refused after reading its first MiB, never read whole. */
    @Test
    void aHugeFileIsRefusedWithoutReadingIt() throws Exception {
        Path huge = dir.resolve("tokens.properties");
        Files.writeString(huge, "a.product=A\na.token=product-a-token-0123\n#");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(4L << 30);
        }
        Path link = Files.createSymbolicLink(dir.resolve("link.properties"), huge);

        for (Path file : new Path[] {huge, link}) {
            assertThatIllegalArgumentException().isThrownBy(() -> ProductTokens.load(file, Map.of()))
                    .withMessage("collector.tokens-file: " + file + " is larger than 1048576 bytes: not a tokens"
                            + " file");
        }
    }

    @Test
    void aBrokenEscapeIsNotAPropertiesFile() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens.properties"), "a.product=A\\u00zz\na.token=product-a-token-0123\n");

        assertThatIllegalArgumentException().isThrownBy(() -> ProductTokens.load(file, Map.of()))
                .withMessage("collector.tokens-file: " + file + " is not a .properties file");
    }
}
