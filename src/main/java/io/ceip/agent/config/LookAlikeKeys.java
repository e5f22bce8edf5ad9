package io.ceip.agent.config;

import java.util.Locale;
import java.util.Optional;

/**
 * A key of the configuration file that looks like a setting but is none Camel reads for it: written in upper case
 * ({@code Ceip.consent.default}), or holding a character beyond ASCII (a Cyrillic {@code с} pasted from a document, a
 * zero-width, no-break or em space before the key or as its separator). The check reads {@code ceip.*} keys only, so
 * such a line was passed over without a word and its setting kept its default (consent {@code basic} where the
 * administrator wrote {@code off}). No key of the agent, of Camel or of Java is either, so each is one problem naming
 * the character and the setting meant; a key whose ASCII part reads neither {@code eip.} nor {@code camel.} is the
 * user's own (a route's placeholder key may be written in any language) and passes.
 */
final class LookAlikeKeys {

    private LookAlikeKeys() {
    }

    /**
     * What is wrong with {@code key} (as {@code Properties} reads it), or empty when its ASCII characters read neither
     * {@code eip.} nor a leading {@code camel.} in any case (a key of the user's own, beyond ASCII or not), or when it
     * is ASCII and, reading {@code ceip.} in any case, written in lower case. The key is shown with each character beyond ASCII as a
     * {@code \}{@code uXXXX} escape, as the file may write it (a zero-width space is seen no other way).
     */
    static Optional<String> problem(String key, SettingCatalog catalog) {
        String ascii = key.replaceAll("[^\\x20-\\x7e]", "").toLowerCase(Locale.ROOT);
        boolean agents = ascii.contains("eip.");
        if (!agents && !ascii.startsWith("camel.")) {
            return Optional.empty(); // a route's own key (nom.soci\u00e9t\u00e9): no setting's look-alike
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c > 0x7e || c < 0x20) {
                return Optional.of("the key " + escaped(key) + " holds U+" + String.format("%04X", (int) c) + " at "
                        + (i + 1) + ", which no key has (keys are ASCII"
                        + (agents ? ": did you mean " + catalog.closest(ascii) + "?)" : ")"));
            }
        }
        if (!key.startsWith("ceip.") && key.toLowerCase(Locale.ROOT).startsWith("ceip.")) {
            return Optional.of(key + " is no setting: keys are lower case (did you mean "
                    + catalog.closest(key.toLowerCase(Locale.ROOT)) + "?)");
        }
        return Optional.empty();
    }

    private static String escaped(String key) {
        StringBuilder shown = new StringBuilder();
        key.chars().forEach(c -> shown.append(c > 0x7e || c < 0x20 ? String.format("\\u%04x", c) : (char) c));
        return shown.toString();
    }
}
