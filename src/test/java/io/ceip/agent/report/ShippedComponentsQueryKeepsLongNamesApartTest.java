package io.ceip.agent.report;

import io.ceip.agent.collect.InventoryCatalog;
import io.ceip.agent.collect.InventoryQuery;
import io.ceip.agent.privacy.ConsentLevel;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped components query bounds names on the server ({@code SUBSTRING(name, 1, 1025)}): an undeclared name is
 * pseudonymised from the whole of it, so two long names sharing a prefix stay two components (a bound of 65 made
 * them one), and a name longer than {@value ComponentValues#MAX_NAME} characters is dropped and counted, never cut
 * into another's.
 */
class ShippedComponentsQueryKeepsLongNamesApartTest {

    @Test
    void longUndeclaredNamesStayApartAndAnOverlongOneIsDroppedNotMerged() throws Exception {
        InventoryCatalog catalog = InventoryCatalog.load(Path.of("config/inventory.yaml"));
        String sql = catalog.queries(ConsentLevel.BASIC).stream()
                .filter(query -> query.part() == InventoryQuery.Part.COMPONENTS).findFirst().orElseThrow().sql();
        String prefix = "com.example.monitoring.plugins.connectors.database.postgresql-ext".repeat(2);
        String overlong = "x".repeat(ComponentValues.MAX_NAME);
        List<Object[]> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:h2:mem:long-component-names", "sa", "");
                Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE product_module (name VARCHAR(5000), version VARCHAR(64))");
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO product_module VALUES (?, '2.1.0')")) {
                for (String name : List.of(prefix + "ended-basic", prefix + "ended-pro", overlong, overlong + "y",
                        overlong + "z")) {
                    insert.setString(1, name);
                    insert.executeUpdate();
                }
            }
            try (ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    rows.add(new Object[] { result.getString(1), result.getString(2) });
                }
            }
        }

        Components components = ComponentValues.of(rows, catalog, name -> "p:" + name.hashCode(), value -> true, 100);

        assertThat(components.installed()).as("query: %s", sql).extracting(Components.Component::name)
                .containsExactlyInAnyOrder("p:" + (prefix + "ended-basic").hashCode(),
                        "p:" + (prefix + "ended-pro").hashCode(), "p:" + overlong.hashCode());
        assertThat(components.dropped()).as("the two names over the bound, not merged into one").isEqualTo(2);
    }
}
