package io.ceip.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * The jar's {@code application.properties}, read by camel-main's own {@code Main} and {@code mvn camel:run}, names
 * the agent's configuration class and carries exactly the {@code camel.*} settings of the embedded defaults (which
 * the agent's own start reads), so the two ways of starting cannot drift apart.
 */
class CamelMainPropertiesMatchTheDefaultsTest {

    @Test
    void theCamelSettingsAreTheDefaultsOnesPlusTheConfigurationClass() throws IOException {
        Map<String, String> plainMain = camelSettings("/application.properties");
        Map<String, String> defaults = camelSettings("/ceip-defaults.properties");
        assertThat(defaults).as("camel.* settings in ceip-defaults.properties").containsKey("camel.main.name");
        assertThat(plainMain.remove("camel.main.configuration-classes"))
                .isEqualTo(CeipConfiguration.class.getName());
        assertThat(plainMain).as("camel.* settings of application.properties against ceip-defaults.properties")
                .isEqualTo(defaults);
    }

    @Test
    void theConfigurationClassAddsTheAgentsLocationsOnlyWhenMissing() {
        org.apache.camel.CamelContext context = new org.apache.camel.impl.DefaultCamelContext(false);
        context.build();
        org.apache.camel.spi.PropertiesComponent properties = context.getPropertiesComponent();
        properties.setLocation("classpath:application.properties;optional=true");
        CeipConfiguration.addAgentPropertyLocations(context);
        assertThat(properties.getLocations()).containsExactly("classpath:application.properties;optional=true",
                ConfigurationLocations.DEFAULTS);
        assertThat(properties.getPropertiesSource(CheckedConfigurationSource.NAME))
                .as("the shipped config/application.properties, as checked").isNotNull();
        CeipConfiguration.addAgentPropertyLocations(context);
        assertThat(properties.getLocations()).as("added once").hasSize(2);
        assertThat(properties.getPropertiesSources().stream().filter(CheckedConfigurationSource.class::isInstance))
                .as("added once").hasSize(1);
    }

    private static Map<String, String> camelSettings(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = CamelMainPropertiesMatchTheDefaultsTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            properties.load(in);
        }
        Map<String, String> camel = new TreeMap<>();
        properties.stringPropertyNames().stream().filter(key -> key.startsWith("camel."))
                .forEach(key -> camel.put(key, properties.getProperty(key)));
        return camel;
    }
}
