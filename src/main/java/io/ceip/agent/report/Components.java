package io.ceip.agent.report;

import java.util.List;

/**
 * The report member {@code components} (consent basic): the product's installed components (modules, plugins,
 * widgets) with their versions, as {@link ComponentValues} lets them leave.
 *
 * @param installed distinct (name, version) pairs, sorted: a declared name, or a pseudonym ({@code p:} + 16 hex
 *                  digits) of an undeclared one when the vendor chose so
 * @param other     entries with an undeclared name, counted and not sent (when undeclared names are not pseudonymised)
 * @param dropped   entries not sent because their name or version is not of the declared form
 * @param overflow  distinct entries past {@code ceip.inventory.max-components}, counted and not sent
 */
public record Components(List<Component> installed, long other, long dropped, long overflow) {

    public Components {
        installed = List.copyOf(installed);
    }

    /** One installed component. */
    public record Component(String name, String version) implements Comparable<Component> {

        @Override
        public int compareTo(Component o) {
            int byName = name.compareTo(o.name);
            return byName != 0 ? byName : version.compareTo(o.version);
        }
    }
}
