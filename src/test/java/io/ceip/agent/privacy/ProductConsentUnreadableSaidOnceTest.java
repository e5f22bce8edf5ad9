package io.ceip.agent.privacy;

import io.ceip.agent.support.LogCapture;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product's consent setting that cannot be read means off, said once until it is read again (the events spool's
 * poll decides every few seconds: one warning each time), with what is wrong: an error class, or a value that is no
 * consent level (never the value itself).
 */
class ProductConsentUnreadableSaidOnceTest {

    @TempDir
    Path dir;

    @Test
    void eachFailureIsSaidOnceUntilTheSettingIsReadAgain() throws Exception {
        AtomicReference<Object> answer = new AtomicReference<>(new java.sql.SQLTimeoutException("slow"));
        ProductConsentSetting product = () -> {
            Object now = answer.get();
            if (now instanceof Exception e) {
                throw e;
            }
            return Optional.of(ConsentLevel.parse((String) now));
        };
        ConsentPolicy policy = new ConsentPolicy(Map.of(), new ConsentSettingFile(dir.resolve("consent")), product,
                ConsentLevel.BASIC, 1, new ConsentAudit(dir.resolve("audit.log"), Clock.systemUTC()));
        try (LogCapture log = LogCapture.attach()) {
            for (int i = 0; i < 3; i++) {
                assertThat(policy.peek().level()).isEqualTo(ConsentLevel.OFF);
            }
            answer.set("s3cr3t-not-a-level");
            policy.peek();
            policy.peek();
            answer.set("full");
            assertThat(policy.peek().level()).isEqualTo(ConsentLevel.FULL);
            answer.set(new java.sql.SQLTimeoutException("slow"));
            policy.peek();

            assertThat(log.all().lines().filter(line -> line.contains("consent setting"))).containsExactly(
                    "io.ceip.agent.privacy.ConsentPolicy The product's consent setting (ceip.consent.query) could not"
                            + " be read (SQLTimeoutException): nothing is collected or sent, and nothing kept is deleted, until it can",
                    "io.ceip.agent.privacy.ConsentPolicy The product's consent setting (ceip.consent.query) could not"
                            + " be read (its value is none of off, basic, full, 0, 1, true, false, yes, no, enabled,"
                            + " disabled): nothing is collected or sent, and nothing kept is deleted, until it can",
                    "io.ceip.agent.privacy.ConsentPolicy The product's consent setting (ceip.consent.query) could not"
                            + " be read (SQLTimeoutException): nothing is collected or sent, and nothing kept is deleted, until it can");
            assertThat(log.all()).doesNotContain("s3cr3t");
        }
    }
}
