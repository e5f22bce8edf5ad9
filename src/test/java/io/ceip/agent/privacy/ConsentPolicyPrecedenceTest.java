package io.ceip.agent.privacy;

import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every combination of the four consent sources, against the documented precedence: kill switch, runtime off, the
 * product's off (or unreadable: undecided), runtime basic/full, the product's basic/full, the default.
 */
class ConsentPolicyPrecedenceTest {

    private static final int DATA_SET = 2;

    @TempDir
    Path dir;

    enum Env { NONE, DO_NOT_TRACK, CEIP_DISABLED, DO_NOT_TRACK_ZERO }

    enum Runtime { NONE, OFF, BASIC, FULL, FULL_FOR_OLDER_DATA_SET }

    enum Product { NOT_CONFIGURED, UNSET, OFF, BASIC, FULL, UNREADABLE }

    static Stream<Arguments> everyCombination() {
        List<Arguments> all = new ArrayList<>();
        for (Env env : Env.values()) {
            for (Runtime runtime : Runtime.values()) {
                for (Product product : Product.values()) {
                    for (ConsentLevel configDefault : ConsentLevel.values()) {
                        all.add(Arguments.of(env, runtime, product, configDefault));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "env={0} runtime={1} product={2} default={3}")
    @MethodSource("everyCombination")
    void theHighestSourcePresentDecidesAndAnyOffWinsOverAConsent(Env env, Runtime runtime, Product product, ConsentLevel configDefault)
            throws Exception {
        ConsentPolicy policy = policy(env, runtime, product, configDefault);

        ConsentDecision decision = policy.decide();

        ConsentDecision expected;
        if (env == Env.DO_NOT_TRACK) {
            expected = new ConsentDecision(ConsentLevel.OFF, "environment:DO_NOT_TRACK");
        } else if (env == Env.CEIP_DISABLED) {
            expected = new ConsentDecision(ConsentLevel.OFF, "environment:CEIP_DISABLED");
        } else if (runtime == Runtime.OFF) {
            expected = new ConsentDecision(ConsentLevel.OFF, "runtime-setting");
        } else if (product == Product.UNREADABLE) {
            expected = new ConsentDecision(ConsentLevel.OFF, "product-setting:unreadable");
        } else if (product == Product.OFF) { // a withdrawal in the product wins over a consent given at runtime
            expected = new ConsentDecision(ConsentLevel.OFF, "product-setting");
        } else if (runtime == Runtime.FULL_FOR_OLDER_DATA_SET) {
            expected = new ConsentDecision(ConsentLevel.BASIC,
                    "runtime-setting:full-given-for-data-set-1-current-is-2");
        } else if (runtime != Runtime.NONE) {
            expected = new ConsentDecision(ConsentLevel.valueOf(runtime.name()), "runtime-setting");
        } else if (product != Product.NOT_CONFIGURED && product != Product.UNSET) {
            expected = new ConsentDecision(ConsentLevel.valueOf(product.name()), "product-setting");
        } else {
            expected = new ConsentDecision(configDefault, "config:ceip.consent.default");
        }
        assertThat(decision).isEqualTo(expected);
        assertThat(policy.decide().level() != ConsentLevel.OFF).isEqualTo(expected.level() != ConsentLevel.OFF);
    }

    @Test
    void everyChangeOfTheEffectiveLevelIsAuditedOnceAcrossRestarts() throws Exception {
        ConsentAudit audit = new ConsentAudit(dir.resolve("consent-audit.log"), Clock.systemUTC());
        ConsentSettingFile setting = new ConsentSettingFile(dir.resolve("consent"));
        ConsentPolicy policy = new ConsentPolicy(Map.of(), setting, null, ConsentLevel.BASIC, DATA_SET, audit);

        policy.decide();
        policy.decide();
        policy.set(ConsentLevel.FULL);
        policy.set(ConsentLevel.OFF);
        ConsentPolicy afterRestart = new ConsentPolicy(Map.of("DO_NOT_TRACK", "1"), setting, null,
                ConsentLevel.BASIC, DATA_SET, new ConsentAudit(dir.resolve("consent-audit.log"), Clock.systemUTC()));
        afterRestart.decide();
        ConsentPolicy killSwitchGone = new ConsentPolicy(Map.of(), setting, null, ConsentLevel.BASIC, DATA_SET,
                new ConsentAudit(dir.resolve("consent-audit.log"), Clock.systemUTC()));
        killSwitchGone.set(ConsentLevel.BASIC);

        List<String> lines = Files.readAllLines(dir.resolve("consent-audit.log"));
        assertThat(lines).extracting(line -> line.substring(line.indexOf(' ') + 1)).containsExactly(
                "none -> basic source=config:ceip.consent.default",
                "basic -> full source=runtime-setting",
                "full -> off source=runtime-setting",
                "off -> basic source=runtime-setting");
        assertThat(lines).allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT.*Z .*"));
    }

    /**
     * The product's own off wins over a consent given at runtime, with one warning; {@code reset} removes the runtime
     * setting, and the product's setting decides again.
     */
    @Test
    void theProductsOffWinsOverARuntimeConsentAndResetHandsTheDecisionBack() throws Exception {
        AtomicReference<ConsentLevel> product = new AtomicReference<>(ConsentLevel.BASIC);
        Path audit = dir.resolve("consent-audit.log");
        ConsentPolicy policy = new ConsentPolicy(Map.of(), new ConsentSettingFile(dir.resolve("consent")),
                () -> Optional.of(product.get()), ConsentLevel.OFF, DATA_SET, new ConsentAudit(audit, Clock.systemUTC()));
        try (LogCapture log = LogCapture.attach()) {
            assertThat(policy.set(ConsentLevel.FULL)).isEqualTo(new ConsentDecision(ConsentLevel.FULL,
                    "runtime-setting"));

            product.set(ConsentLevel.OFF);
            assertThat(policy.decide()).isEqualTo(new ConsentDecision(ConsentLevel.OFF, "product-setting"));
            assertThat(policy.decide()).isEqualTo(new ConsentDecision(ConsentLevel.OFF, "product-setting"));
            assertThat(log.shown().lines().filter(line -> line.contains("The product's own consent setting is off:"
                    + " it wins over the full consent given with the consent command or JMX setConsent"))).hasSize(1);

            product.set(ConsentLevel.BASIC);
            assertThat(policy.decide()).isEqualTo(new ConsentDecision(ConsentLevel.FULL, "runtime-setting"));
            assertThat(policy.reset(null)).isEqualTo(new ConsentDecision(ConsentLevel.BASIC, "product-setting"));
        }
        assertThat(dir.resolve("consent")).doesNotExist();
        assertThat(Files.readAllLines(audit)).extracting(line -> line.substring(line.indexOf(' ') + 1)).containsExactly(
                "none -> full source=runtime-setting", "full -> off source=product-setting",
                "off -> full source=runtime-setting", "full -> basic source=product-setting");
    }

    @Test
    void aFullConsentIsRecordedWithItsDataSetVersion() throws Exception {
        ConsentSettingFile setting = new ConsentSettingFile(dir.resolve("consent"));
        new ConsentPolicy(Map.of(), setting, null, ConsentLevel.OFF, DATA_SET,
                new ConsentAudit(dir.resolve("audit"), Clock.systemUTC())).set(ConsentLevel.FULL);

        assertThat(Files.readString(dir.resolve("consent")).trim()).isEqualTo("full 2");
        assertThat(setting.read()).contains(new ConsentSettingFile.Setting(ConsentLevel.FULL, 2));
    }

    /**
     * A decision interrupted while it waits for another caller's read of the product's setting (the agent stopping)
     * is undecided, and no line says the setting could not be read: it was not found unreadable. The read under way
     * still answers its own caller.
     */
    @Test
    void aDecisionInterruptedWhileWaitingForTheProductsReadIsUndecidedAndSaysNothing() throws Exception {
        CountDownLatch readUnderWay = new CountDownLatch(1);
        CountDownLatch endRead = new CountDownLatch(1);
        ProductConsentReads product = new ProductConsentReads(() -> {
            readUnderWay.countDown();
            endRead.await();
            return Optional.of(ConsentLevel.FULL);
        });
        ConsentPolicy policy = new ConsentPolicy(Map.of(), new ConsentSettingFile(dir.resolve("consent")), product,
                ConsentLevel.BASIC, DATA_SET, new ConsentAudit(dir.resolve("audit"), Clock.systemUTC()));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (LogCapture log = LogCapture.attach()) {
            Future<ConsentDecision> reading = threads.submit(policy::decide);
            assertThat(readUnderWay.await(10, TimeUnit.SECONDS)).isTrue();
            AtomicReference<Thread> waiter = new AtomicReference<>();
            Future<ConsentDecision> waiting = threads.submit(() -> {
                waiter.set(Thread.currentThread());
                return policy.decide();
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> waiter.get() != null
                    && waiter.get().getState() == Thread.State.TIMED_WAITING);
            waiter.get().interrupt();

            assertThat(waiting.get(10, TimeUnit.SECONDS).undecided()).isTrue();
            endRead.countDown();
            assertThat(reading.get(10, TimeUnit.SECONDS)).isEqualTo(new ConsentDecision(ConsentLevel.FULL,
                    "product-setting"));
            assertThat(log.shown()).doesNotContain("could not be read");
        } finally {
            endRead.countDown();
            threads.shutdownNow();
        }
    }

    /** A kill switch fails closed: any value but empty, 0, false or no switches the agent off. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"DO_NOT_TRACK,1,off", "DO_NOT_TRACK,yes,off", "DO_NOT_TRACK,on,off",
            "DO_NOT_TRACK,2,off", "DO_NOT_TRACK, TRUE ,off", "CEIP_DISABLED,yes,off", "CEIP_DISABLED,on,off",
            "DO_NOT_TRACK,0,full", "DO_NOT_TRACK,false,full", "DO_NOT_TRACK,No,full", "CEIP_DISABLED,' ',full"})
    void aKillSwitchFailsClosed(String variable, String value, String expected) {
        ConsentPolicy policy = new ConsentPolicy(Map.of(variable, value), new ConsentSettingFile(dir.resolve("consent")),
                null, ConsentLevel.FULL, DATA_SET, new ConsentAudit(dir.resolve("audit"), Clock.systemUTC()));

        assertThat(policy.peek().level().id()).isEqualTo(expected);
    }

    @Test
    void levelsParseCaseInsensitivelyAndRejectAnythingElse() {
        assertThat(ConsentLevel.parse(" Full ")).isEqualTo(ConsentLevel.FULL);
        assertThatThrownBy(() -> ConsentLevel.parse("yes")).hasMessageContaining("'yes'")
                .hasMessageContaining("off, basic or full");
        assertThatThrownBy(() -> ConsentLevel.parse("bas\u0131c")).as("a dotless i upper-cases to I")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ConsentLevel.FULL.covers(ConsentLevel.BASIC)).isTrue();
        assertThat(ConsentLevel.BASIC.covers(ConsentLevel.FULL)).isFalse();
        assertThat(ConsentLevel.OFF.covers(ConsentLevel.OFF)).isFalse();
    }

    private ConsentPolicy policy(Env env, Runtime runtime, Product product, ConsentLevel configDefault)
            throws Exception {
        Map<String, String> environment = switch (env) {
            case NONE -> Map.of();
            case DO_NOT_TRACK -> Map.of("DO_NOT_TRACK", "1");
            case CEIP_DISABLED -> Map.of("CEIP_DISABLED", "true");
            case DO_NOT_TRACK_ZERO -> Map.of("DO_NOT_TRACK", "0");
        };
        ConsentSettingFile setting = new ConsentSettingFile(Files.createTempDirectory(dir, "s").resolve("consent"));
        switch (runtime) {
            case NONE -> { }
            case FULL_FOR_OLDER_DATA_SET -> setting.write(ConsentLevel.FULL, DATA_SET - 1);
            default -> setting.write(ConsentLevel.valueOf(runtime.name()), DATA_SET);
        }
        ProductConsentSetting productSetting = switch (product) {
            case NOT_CONFIGURED -> null;
            case UNSET -> Optional::empty;
            case UNREADABLE -> () -> {
                throw new java.sql.SQLException("connection refused");
            };
            default -> () -> Optional.of(ConsentLevel.valueOf(product.name()));
        };
        return new ConsentPolicy(environment, setting, productSetting, configDefault, DATA_SET,
                new ConsentAudit(Files.createTempDirectory(dir, "a").resolve("audit.log"), Clock.systemUTC()));
    }
}
