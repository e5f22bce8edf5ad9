package io.ceip.agent.collect;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment's names and versions reach a report from a closed set or as leading numbers: a custom kernel's
 * release string, a JDK built in-house, a launcher's {@code -Dos.name}, a driver or proxy naming itself never carry
 * their own text (a host name, an organisation, a planted secret) into it.
 */
class ReportedNamesCarryNoHostTextTest {

    @Test
    void hostileSystemPropertiesBecomeNumbersOrOther() {
        Properties hostile = new Properties();
        hostile.setProperty("os.name", "Linux build-host-42.acme.internal");
        hostile.setProperty("os.version", "6.8.0-45-acme-host42-ghp_0123456789abcdefghij");
        hostile.setProperty("os.arch", "amd64 secret=hunter2");
        hostile.setProperty("java.vendor", "Acme Corp internal build (jdoe@acme.example)");
        hostile.setProperty("java.version", "17.0.9+9-acme-jdoe");

        EnvironmentInfo info = new SystemInfoCollector(hostile, "1.0.0").collect();

        assertThat(info.osName()).isEqualTo("other");
        assertThat(info.osVersion()).isEqualTo("6.8.0");
        assertThat(info.osArch()).isEqualTo("other");
        assertThat(info.javaVendor()).isEqualTo("other");
        assertThat(info.javaVersion()).isEqualTo("17.0.9");
    }

    @Test
    void theJdksOwnValuesPassAsTheyAre() {
        Properties jdk = new Properties();
        jdk.setProperty("os.name", "Windows Server 2022");
        jdk.setProperty("os.version", "10.0");
        jdk.setProperty("os.arch", "aarch64");
        jdk.setProperty("java.vendor", "Eclipse Adoptium");
        jdk.setProperty("java.version", "21.0.4");

        EnvironmentInfo info = new SystemInfoCollector(jdk, "1.0.0").collect();

        assertThat(info).extracting(EnvironmentInfo::osName, EnvironmentInfo::osVersion, EnvironmentInfo::osArch,
                EnvironmentInfo::javaVendor, EnvironmentInfo::javaVersion)
                .containsExactly("Windows Server 2022", "10.0", "aarch64", "Eclipse Adoptium", "21.0.4");
        assertThat(info.timezone()).isEqualTo(java.util.TimeZone.getDefault().getID());
    }

    @Test
    void versionsKeepAtMostFourBoundedNumbers() {
        assertThat(ReportedNames.version("1.8.0_392")).isEqualTo("1.8.0");
        assertThat(ReportedNames.version("1.2.3.4.5.6")).isEqualTo("1.2.3.4");
        assertThat(ReportedNames.version("5551234567890")).isEqualTo("unknown");
        assertThat(ReportedNames.version("build-host-42")).isEqualTo("unknown");
        assertThat(ReportedNames.version(null)).isNull();
    }

    @Test
    void aDatabaseVendorOutsideTheKnownOnesIsOther() {
        assertThat(ReportedNames.databaseVendor("postgresql")).isEqualTo("postgresql");
        assertThat(ReportedNames.databaseVendor("db2/linuxx8664")).isEqualTo("db2");
        assertThat(ReportedNames.databaseVendor("acmeproxy(host=db7.acme.internal)")).isEqualTo("other");
        assertThat(ReportedNames.timezone("Europe/Paris")).isEqualTo("Europe/Paris");
        assertThat(ReportedNames.timezone("Acme/HQ")).isEqualTo("other");
    }
}
