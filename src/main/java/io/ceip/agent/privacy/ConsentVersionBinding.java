package io.ceip.agent.privacy;

import java.util.Locale;
import java.util.Optional;

/**
 * Binds a {@code full} consent given by an administrator ({@code consent full}, JMX {@code setConsent}) to the
 * product version it was given for ({@code ceip.product.version} then, kept in the consent file): while the product's
 * major and minor version are the same (a patch release changes nothing), it stands; otherwise it counts as the
 * fallback ({@code ceip.consent.on-product-upgrade}: {@code basic} by default, {@code off} for opt-in vendors) until
 * it is given again. Fail closed: a consent recorded without a version, or with something that is not one, and a
 * product version that is not a version ({@link ProductVersion}) never keep {@code full}. With {@code keep} the
 * consent is not bound.
 */
public final class ConsentVersionBinding {

    /** A binding that keeps every consent, whatever the versions (also what {@code keep} configures). */
    private static final String SOURCE = "runtime-setting:full-given-for-product-";

    public static final ConsentVersionBinding UNBOUND = new ConsentVersionBinding(Optional.empty(), null);

    private final Optional<ProductVersion> current;
    private final ConsentLevel fallback;

    private ConsentVersionBinding(Optional<ProductVersion> current, ConsentLevel fallback) {
        this.current = current;
        this.fallback = fallback;
    }

    /**
     * @param productVersion the running product's version ({@code ceip.product.version}); anything, checked here
     * @param onUpgrade {@code basic}, {@code off} or {@code keep} (not bound)
     */
    public static ConsentVersionBinding of(String productVersion, String onUpgrade) {
        return switch (onUpgrade.trim().toLowerCase(Locale.ROOT)) {
            case "keep" -> UNBOUND;
            case "basic" -> new ConsentVersionBinding(ProductVersion.parse(productVersion), ConsentLevel.BASIC);
            case "off" -> new ConsentVersionBinding(ProductVersion.parse(productVersion), ConsentLevel.OFF);
            default -> throw new IllegalArgumentException("ceip.consent.on-product-upgrade is not basic, off or keep");
        };
    }

    /** The version to record with a consent given now: the running product's, when it is a version. */
    public Optional<String> recordable() {
        return current.map(ProductVersion::text);
    }

    /**
     * The decision replacing a runtime {@code full} given for {@code recorded}, or empty when that consent stands.
     * Its source names both releases ({@code runtime-setting:full-given-for-product-1.4-current-is-1.5},
     * {@code …-product-unrecorded}, {@code …-current-is-not-a-version}), never the raw text.
     */
    public Optional<ConsentDecision> check(Optional<ProductVersion> recorded) {
        if (fallback == null) {
            return Optional.empty();
        }
        String given = recorded.map(ProductVersion::release).orElse("unrecorded");
        if (current.isEmpty()) {
            return Optional.of(fallen(given + "-current-is-not-a-version"));
        }
        if (recorded.isEmpty()) {
            return Optional.of(fallen(given));
        }
        if (!recorded.get().sameRelease(current.get())) {
            return Optional.of(fallen(given + "-current-is-" + current.get().release()));
        }
        return Optional.empty();
    }

    private ConsentDecision fallen(String why) {
        return new ConsentDecision(fallback, SOURCE + why);
    }

    /** True when {@code decision} is this binding's fallback (its source says so). */
    public static boolean fellBack(ConsentDecision decision) {
        return decision.source().startsWith(SOURCE);
    }
}
