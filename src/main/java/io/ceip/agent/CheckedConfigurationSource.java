package io.ceip.agent;

import io.ceip.agent.config.ConfigurationText;

import java.util.Properties;
import java.util.function.Predicate;

import org.apache.camel.Ordered;
import org.apache.camel.spi.LoadablePropertiesSource;
import org.apache.camel.util.OrderedLocationProperties;

/**
 * The configuration file's values as Camel's properties component reads them: the text that was checked
 * ({@link ConfigurationText}), never the file's path. Loadable, so that what lists the component's keys sees them as
 * it saw a {@code file:} location's: camel-main's own {@code camel.*} keys are applied from it, and the agent's lock on
 * the HTTP client's options refuses a {@code camel.component.https.*} key there (a {@code ref:} location's values are
 * looked up one by one only, and both missed them). Each key's location is the file's name, and each value is read as
 * Camel reads a file's: the spaces (U+0020) that end it are trimmed. Placed before every location (Camel numbers them
 * from 100; the embedded defaults are one), as the file stood before the defaults.
 */
final class CheckedConfigurationSource implements LoadablePropertiesSource, Ordered {

    /** Its name among the component's sources. */
    static final String NAME = "ceipConfigurationFile";

    private final ConfigurationText text;
    private final Properties values;

    CheckedConfigurationSource(ConfigurationText text) {
        this.text = text;
        this.values = new Properties();
        Properties read = text.properties();
        read.stringPropertyNames().forEach(key -> values.setProperty(key, read.getProperty(key)
                .replaceFirst(" +$", ""))); // as Camel trims a file's values (a file: location's)
    }

    /** The text as checked. */
    ConfigurationText text() {
        return text;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getProperty(String name) {
        return values.getProperty(name);
    }

    @Override
    public Properties loadProperties() {
        return loadProperties(key -> true);
    }

    @Override
    public Properties loadProperties(Predicate<String> filter) {
        OrderedLocationProperties loaded = new OrderedLocationProperties();
        values.stringPropertyNames().stream().filter(filter)
                .forEach(key -> loaded.put(text.file().toString(), key, values.getProperty(key)));
        return loaded;
    }

    @Override
    public void reloadProperties(String location) {
        // the text as checked: never read again
    }

    @Override
    public int getOrder() {
        return 99;
    }
}
