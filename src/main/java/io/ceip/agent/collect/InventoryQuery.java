package io.ceip.agent.collect;

/**
 * One inventory query of the {@link InventoryCatalog}, run by the route {@code ceip-build-report} through the same
 * guarded read-only connection as the usage queries (statement timeout, row cap, budget). What it may return is
 * decided by its {@link Part}, when its rows are recorded ({@code io.ceip.agent.report.ComponentValues}, {@code LicenceValues}).
 *
 * @param part what it reads
 * @param sql one SELECT, without parameters
 */
public record InventoryQuery(Part part, String sql) {

    /** What an inventory query reads, and what it must return. */
    public enum Part {
        /** Rows of (name, version). */
        COMPONENTS("components"),
        /** One row of named columns: type, valid_until, unlimited, customer (each optional). */
        LICENCE("licence"),
        /** Rows of (feature key, boolean). */
        LICENCE_FEATURES("licence-features"),
        /** Rows of (engine ID). */
        LICENCE_ENGINES("licence-engines");

        private final String source;

        Part(String source) {
            this.source = source;
        }

        /** The name of this part in the report's {@code failures[].source}. */
        public String source() {
            return source;
        }
    }

    /** The name of this query in the report's {@code failures[].source}. */
    public String name() {
        return part.source();
    }
}
