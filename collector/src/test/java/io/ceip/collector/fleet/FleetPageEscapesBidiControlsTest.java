package io.ceip.collector.fleet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text a report carries (a product version, a feature name, an error fingerprint) is shown on the fleet page as it
 * is, escaped: a bidirectional control in it (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) made its label read backwards
 * and could reorder what follows it in the same line; such controls are now shown as U+FFFD, and C1 controls as a
 * blank like C0 ones, while letters of right-to-left scripts stay as they are.
 */
class FleetPageEscapesBidiControlsTest {

    @Test
    void bidiControlsAreReplacedAndMarkupEscaped() {
        String shown = FleetPage.escape("v1\u202Egpj.exe\u2066x\u2069\u200F\u061C<b>\u0085\u009b");
        assertThat(shown).doesNotContain("\u202E", "\u2066", "\u2069", "\u200F", "\u061C", "\u0085", "\u009b", "<b>");
        assertThat(shown).isEqualTo("v1\uFFFDgpj.exe\uFFFDx\uFFFD\uFFFD\uFFFD&lt;b&gt;  ");
        assertThat(FleetPage.escape("שלום 1.2 عربي")).isEqualTo("שלום 1.2 عربي");
    }
}
