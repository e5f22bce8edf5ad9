package io.ceip.agent.report;

import io.ceip.agent.collect.InventoryCatalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The typed rules of the inventory, value by value: what looks like a version and what does not; a licence date of
 * every type becomes its month; booleans only; declared names, types and features only; bounds counted; and a
 * catalog not of its form stops the start with one line naming the file and the place.
 */
class InventoryValuesTest {

    @TempDir
    Path dir;

    private InventoryCatalog catalog(String yaml) throws Exception {
        return InventoryCatalog.load(Files.writeString(dir.resolve("inventory.yaml"), yaml));
    }

    @Test
    void versionsMustLookLikeVersions() {
        assertThat(List.of("1", "24.04.1", "2.1.0-beta.2", "3.2.0-SNAPSHOT", "17.0.9+9", "8u392", "1.0b2", "v1.2.3",
                "1.0.0-RC1", "2.0.Final", "1.2.3.4-lts")).allSatisfy(v -> assertThat(ComponentValues.version(v))
                        .as(v).isEqualTo(v));
        assertThat(ComponentValues.version(7L)).isEqualTo("7");
        assertThat(java.util.Arrays.asList("1.0-acme", "hunter2", "1.2.3.4.5", "1.0 beta", "", "1.0-", "v", "1.0\n",
                "1.0-beta-beta", "1.0-snapshot12345678", "12345678901", "Summer24", "1.0-Initech", null))
                .allSatisfy(v -> assertThat(ComponentValues.version(v)).as(String.valueOf(v)).isNull());
        assertThat(ComponentValues.version(1.5d)).isNull();
    }

    @Test
    void componentsAreDeclaredOrPseudonymisedDistinctSortedAndBounded() throws Exception {
        InventoryCatalog other = catalog("components: {sql: 'SELECT name, version FROM m', names: [core, ui]}");
        List<Object[]> entries = new ArrayList<>(List.of(new Object[] { "ui", "2.0" }, new Object[] { "core", "1.0" },
                new Object[] { "core", "1.0" }, new Object[] { "Initech", "1.0" }, new Object[] { "core", "1.0-x" },
                new Object[] { 5, "1.0" }, new Object[] { null, null }, new Object[] { "core", "10.0.0.1" }));

        Components counted = ComponentValues.of(entries, other, n -> "p:" + n.length(), v -> !v.startsWith("10."),
                1);

        assertThat(counted.installed()).containsExactly(new Components.Component("core", "1.0"));
        assertThat(counted.overflow()).isEqualTo(1);
        assertThat(counted.other()).isEqualTo(1);
        assertThat(counted.dropped()).as("1.0-x, a number name, null, an address").isEqualTo(4);

        InventoryCatalog pseudonymised = catalog("components: {file: c.json, names: [core], undeclared: pseudonymised}");
        assertThat(ComponentValues.of(ComponentValues.fromDocument(Map.of("components",
                List.of(Map.of("name", "Initech", "version", "1.0", "path", "/home/x"), "garbage"))), pseudonymised,
                n -> "p:" + n.length(), v -> true, 10))
                .isEqualTo(new Components(List.of(new Components.Component("p:7", "1.0")), 0, 1, 0));
        assertThatThrownBy(() -> ComponentValues.fromRows(List.of(Map.of("a", "x")))).isInstanceOf(
                InventoryShapeException.class);
        assertThatThrownBy(() -> ComponentValues.fromDocument("text")).isInstanceOf(InventoryShapeException.class);
    }

    @Test
    void licenceDatesBecomeTheirMonthAndFlagsAreBooleans() throws Exception {
        for (Object date : List.of("2027-06", "2027-06-30", "2027-06-30T23:00:00Z", "2027-07-01T00:30:00+02:00",
                "2027-06-30T12:00:00", Date.valueOf("2027-06-30"), LocalDate.of(2027, 6, 1),
                Timestamp.from(Instant.parse("2027-06-30T10:00:00Z")))) {
            assertThat(LicenceValues.month(date)).as(String.valueOf(date)).isEqualTo("2027-06");
        }
        assertThat(java.util.Arrays.asList("2027-13", "June 2027", "1969-12-31", "2027-06-31", "Summer24", 2027, null))
                .allSatisfy(d -> assertThat(LicenceValues.month(d)).as(String.valueOf(d)).isNull());

        InventoryCatalog catalog = catalog("licence: {file: l.yaml, types: [enterprise], features: [a, b, c],"
                + " customer: pseudonymised}");
        Map<Object, Object> features = new LinkedHashMap<>(Map.of("a", true, "b", 0, "c", "true", "Initech", true));
        Map<String, Object> facts = LicenceValues.fromDocument(Map.of("Type", "enterprise", "valid_until",
                "2027-06-30", "UNLIMITED", 1, "customer", " Initech ", "raw", "secret", "features", features,
                "engines", List.of("e1", "e2", "e1", 7, "", Map.of())));

        Licence licence = LicenceValues.of(facts, catalog, n -> "p:" + n, 2);

        assertThat(licence).isEqualTo(new Licence("enterprise", "2027-06", true, Map.of("a", true, "b", false),
                "p:Initech", List.of("p:7", "p:e1"), 5));
        assertThat(LicenceValues.of(Map.of("type", "trial", "customer", "Initech"),
                catalog("licence: {sql: SELECT type FROM l}"), n -> "p:" + n, 2))
                .isEqualTo(new Licence("other", null, null, null, null, null, 0));
        assertThat(LicenceValues.of(Map.of(), catalog, n -> n, 2)).isNull();
        assertThatThrownBy(() -> LicenceValues.fromRow(List.of(Map.of("type", "a", "licence_key", "k"))))
                .isInstanceOf(InventoryShapeException.class);
        assertThatThrownBy(() -> LicenceValues.fromRow(List.of(Map.of("type", "a"), Map.of("type", "b"))))
                .isInstanceOf(InventoryShapeException.class);
    }

    @Test
    void aCatalogNotOfItsFormStopsTheStartNamingThePlace() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("components: {sql: SELECT 1, file: c.json}", "exactly one source");
        bad.put("components: {sql: 'DELETE FROM m'}", "single SELECT");
        bad.put("components: {sql: 'SELECT name, version FROM m WHERE a = :x'}", "parameters");
        bad.put("components: {sql: SELECT 1, names: [other]}", "'other' is reserved");
        bad.put("components: {sql: SELECT 1, undeclared: hash}", "not other or pseudonymised");
        bad.put("components: {file: /etc/passwd}", ".json, .yaml or .yml");
        bad.put("licence: {file: l.json, engines-sql: SELECT 1}", "features-sql and engines-sql");
        bad.put("licence: {sql: SELECT 1, customer: raw}", "not off or pseudonymised");
        bad.put("licence: {sql: SELECT 1, colour: red}", "unknown key 'colour'");
        bad.put("inventory: []", "unknown key 'inventory'");
        bad.forEach((yaml, message) -> assertThatThrownBy(() -> catalog(yaml)).as(yaml)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inventory.yaml")
                .hasMessageContaining(message));
    }
}
