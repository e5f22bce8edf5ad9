package io.ceip.agent.events;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An error's exception type and frames are no free-text channel: a platform type leaves only when this JVM's
 * platform class loader knows it as a {@link Throwable} (else {@code other}); the product's own types and frames
 * leave only in the shape of a class name (at most 8 Java identifiers of at most 64 characters) and a method.
 */
class EventRecorderKeepsOnlyRealPlatformTypesAndBoundedOwnNamesTest {

    private final EventRecorder recorder = new EventRecorder(EventSpoolContractTest.CATALOG);

    @Test
    void aPlatformTypeLeavesOnlyWhenItIsAThrowableOfThePlatform() {
        for (String real : List.of("java.lang.IllegalStateException", "java.io.UncheckedIOException",
                "java.sql.SQLException", "javax.net.ssl.SSLHandshakeException", "java.lang.OutOfMemoryError")) {
            assertThat(recorder.exceptionType(real)).as(real).isEqualTo(real);
        }
        for (String made : List.of("java.alice_smith_at_acme_corp.password_is_Hunter_two",
                "javax.customer.Initech_owes_1000", "jdk.patient_Jane_Doe.HIV", "jakarta.acme.DeployFailed",
                "java.lang.Object", "java.lang.String", "jdk.internal.misc.Unsafe")) {
            assertThat(recorder.exceptionType(made)).as(made).isEqualTo("other");
        }
    }

    @Test
    void anOwnTypeLeavesOnlyInTheShapeOfAClassName() {
        String segment = "a".repeat(64);
        assertThat(recorder.exceptionType("com.vendor.x.y.z.w.v.DeployFailed"))
                .isEqualTo("com.vendor.x.y.z.w.v.DeployFailed");
        assertThat(recorder.exceptionType("com.vendor." + segment)).isEqualTo("com.vendor." + segment);
        assertThat(recorder.exceptionType("com.vendor." + segment + "a")).as("a segment of 65").isEqualTo("other");
        assertThat(recorder.exceptionType("com.vendor.x.y.z.w.v.u.DeployFailed")).as("9 segments")
                .isEqualTo("other");
    }

    @Test
    void anOwnFrameLeavesOnlyAsAClassOfThatShapeAndOneMethod() {
        String segment = "b".repeat(64);
        List<String> kept = recorder.ownFrames(List.of("com.vendor.Foo.bar(Foo.java:1)", "com.vendor.Foo.<init>",
                "com.vendor.web.Page.lambda$show$0", "com.vendor.x.y.z.w.v.Page.show", "com.vendor.Foo." + segment,
                "com.vendor.Foo." + segment + "b", "com.vendor.x.y.z.w.v.u.Page.show",
                "com.vendor.customer-alice.Page.show", "com.vendor.Page.<script>", "com.vendor." + segment + "b.run"));

        assertThat(kept).containsExactly("com.vendor.Foo.bar", "com.vendor.Foo.<init>",
                "com.vendor.web.Page.lambda$show$0", "com.vendor.x.y.z.w.v.Page.show", "com.vendor.Foo." + segment);
    }
}
