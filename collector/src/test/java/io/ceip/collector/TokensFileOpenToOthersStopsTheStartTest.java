package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ceip.collector.intake.ProductTokens;
import io.ceip.collector.support.Reports;
import io.ceip.collector.support.TestCollector;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokens file holds the products' bearer tokens: like the agent's JMX password file, one holding a token of its own
 * (not the demo's public one) must be a regular file of the collector's user with no permission for group or others,
 * or the start stops with one line naming the file, what is wrong and the fix (before: any file was read). The mode
 * bits are set and checked here, so the rule holds when the tests run as root (who reads any file). A file holding
 * only the demo's token, or products whose tokens come from the environment, holds no secret and needs no rule.
 */
class TokensFileOpenToOthersStopsTheStartTest {

    private static final String OWN_TOKEN = "own-product-token-7c2e91";
    private static final String FIX = ": it holds product tokens, so it must be a regular file of the collector's"
            + " user, readable by that user alone (chmod 600)";

    @TempDir
    Path dir;

    @Test
    void aFileWithATokenOfItsOwnOpenToGroupOrOthersStopsTheStart() throws Exception {
        for (String mode : List.of("rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-----w-", "rw---x---",
                "r-----r--")) {
            Path file = tokens("own-" + mode.replace('-', '_') + ".properties", "a.token=" + OWN_TOKEN + "\n", mode);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo(mode);

            assertThatIllegalArgumentException().isThrownBy(() -> start(file))
                    .withMessage("collector.tokens-file: " + file + " is open to group or others (" + mode + ") and"
                            + " holds product tokens: make it readable by the collector's user alone (chmod 600)")
                    .withMessageNotContaining(OWN_TOKEN);
        }
    }

    @Test
    void anOwnerOnlyFileStarts() throws Exception {
        for (String mode : List.of("rw-------", "r--------")) {
            Path file = tokens("own-" + mode.replace('-', '_') + ".properties", "a.token=" + OWN_TOKEN + "\n", mode);
            try (TestCollector node = start(file)) {
                node.assertStillAcceptsReports();
            }
        }
    }

    @Test
    void aLinkToAnOwnerOnlyFileStopsTheStart() throws Exception {
        Path target = tokens("target.properties", "a.token=" + OWN_TOKEN + "\n", "rw-------");
        Path link = Files.createSymbolicLink(dir.resolve("tokens.properties"), target);

        assertThatIllegalArgumentException().isThrownBy(() -> start(link)).withMessage("collector.tokens-file: "
                + link + " is not a regular file (a symbolic link: name the file itself)" + FIX);
    }

    @Test
    void anotherUsersFileStopsTheStart() throws Exception {
        long collector = new com.sun.security.auth.module.UnixSystem().getUid();
        assumeTrue(collector == 0, "only root can give a file to another user");
        Path file = tokens("foreign.properties", "a.token=" + OWN_TOKEN + "\n", "rw-------");
        Files.setAttribute(file, "unix:uid", 4242, LinkOption.NOFOLLOW_LINKS);
        assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(4242);

        assertThatIllegalArgumentException().isThrownBy(() -> start(file)).withMessage("collector.tokens-file: "
                + file + " belongs to user 4242, not to the collector's user (0)" + FIX);
    }

    @Test
    void theDemoTokenAloneOrTokensFromTheEnvironmentNeedNoRule() throws Exception {
        Path demo = Files.writeString(dir.resolve("demo.properties"), "demo.product=" + Reports.PRODUCT
                + "\ndemo.token=" + Reports.TOKEN + "\n");
        Files.setPosixFilePermissions(demo, PosixFilePermissions.fromString("rw-r--r--"));
        try (TestCollector node = start(demo)) {
            node.assertStillAcceptsReports();
        }
        Map<String, String> environment = Map.of("CEIP_COLLECTOR_TOKEN_A", OWN_TOKEN);
        Path products = Files.writeString(dir.resolve("products.properties"), "a.product=A\n");
        assertThat(ProductTokens.load(products, environment).fileHoldsATokenBut(DemoTokens.PRODUCT)).isFalse();
        Files.writeString(products, "a.product=A\na.token=" + OWN_TOKEN + "\n"); // replaced, but there to read
        assertThat(ProductTokens.load(products, environment).fileHoldsATokenBut(DemoTokens.PRODUCT)).isTrue();
    }

    /** A tokens file of the demo product and product A, {@code more} after them, with {@code mode}. */
    private Path tokens(String name, String more, String mode) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "demo.product=" + Reports.PRODUCT + "\ndemo.token="
                + Reports.TOKEN + "\na.product=A\n" + more);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private TestCollector start(Path tokensFile) throws Exception {
        return TestCollector.start(Files.createTempDirectory(dir, "node"), Map.of("collector.tokens-file",
                tokensFile.toString()));
    }
}
