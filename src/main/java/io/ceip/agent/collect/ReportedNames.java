package io.ceip.agent.collect;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment's and the database's names and versions as a report carries them: each from a closed set or of a
 * fixed shape, so that no free text of the host reaches a report (a custom kernel's release string such as
 * {@code 6.8.0-acme-host42}, a JDK built in-house with its organisation as {@code java.vendor}, a driver or proxy
 * naming itself). A version is its leading dotted numbers (at most four, each at most nine digits, a longer run of digits none:
 * {@code 6.8.0-45-generic} is {@code 6.8.0}), else {@code unknown}; a name outside its set is {@code other}; null
 * stays null (the property is not set).
 */
public final class ReportedNames {

    /** The answer for a name outside its set. */
    public static final String OTHER = "other";
    /** The answer for a version without leading numbers. */
    public static final String UNKNOWN = "unknown";

    private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,3}(?!\\d)");
    /** {@code os.name} as the JDK sets it: the kernel's name on Unix, a fixed table on Windows. */
    private static final Set<String> OS_NAMES = Set.of("Linux", "Mac OS X", "FreeBSD", "OpenBSD", "NetBSD", "SunOS",
            "AIX", "HP-UX", "OS/400", "z/OS", "Windows", "Windows 7", "Windows 8", "Windows 8.1", "Windows 10",
            "Windows 11", "Windows Server 2008", "Windows Server 2008 R2", "Windows Server 2012",
            "Windows Server 2012 R2", "Windows Server 2016", "Windows Server 2019", "Windows Server 2022",
            "Windows Server 2025");
    /** {@code os.arch} as the JDK's builds set it. */
    private static final Set<String> OS_ARCHS = Set.of("amd64", "x86_64", "x86", "i386", "aarch64", "arm", "ppc64",
            "ppc64le", "s390x", "riscv64", "loongarch64", "sparcv9", "mips64el");
    /** {@code java.vendor} of the JDK builds in wide use. */
    private static final Set<String> JAVA_VENDORS = Set.of("Oracle Corporation", "Eclipse Adoptium", "AdoptOpenJDK",
            "Amazon.com Inc.", "Azul Systems, Inc.", "BellSoft", "Red Hat, Inc.", "Microsoft", "SAP SE",
            "IBM Corporation", "International Business Machines Corporation", "Eclipse OpenJ9", "Alibaba",
            "Tencent", "Huawei Technologies Co., Ltd", "JetBrains s.r.o.", "GraalVM Community", "Debian", "Ubuntu",
            "Private Build", "Homebrew", "Alpine", "N/A");
    /** The database vendors' names as {@link DatabaseInfoCollector#normaliseVendor} writes them. */
    private static final Set<String> DATABASE_VENDORS = Set.of("h2", "postgresql", "mariadb", "mysql", "oracle",
            "microsoftsqlserver", "db2", "apachederby", "hsqldatabaseengine", "sqlite", "firebird", "informix",
            "adaptiveserverenterprise", "snowflake", "redshift", "cockroachdb", "yugabytedb", "clickhouse");

    private ReportedNames() {
    }

    /** The leading dotted numbers of {@code text} ({@code 17.0.9+9} is {@code 17.0.9}), else {@code unknown}. */
    public static String version(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = VERSION.matcher(text);
        return matcher.lookingAt() ? matcher.group() : UNKNOWN;
    }

    /** {@code os.name} when the JDK could have set it so, else {@code other}. */
    public static String osName(String name) {
        return name == null ? null : OS_NAMES.contains(name) ? name : OTHER;
    }

    /** {@code os.arch} when one of the JDK's, else {@code other}. */
    public static String osArch(String arch) {
        return arch == null ? null : OS_ARCHS.contains(arch) ? arch : OTHER;
    }

    /** {@code java.vendor} when one of the known JDK builds', else {@code other}. */
    public static String javaVendor(String vendor) {
        return vendor == null ? null : JAVA_VENDORS.contains(vendor) ? vendor : OTHER;
    }

    /** A time zone ID the JDK knows ({@code Europe/Paris}, {@code UTC}), else {@code other}. */
    public static String timezone(String id) {
        return id == null ? null : ZoneId.getAvailableZoneIds().contains(id) ? id : OTHER;
    }

    /**
     * A normalised database vendor ({@code postgresql}; {@code db2/linuxx8664} is {@code db2}, an Informix product
     * name is {@code informix}) when known, else {@code other}.
     */
    public static String databaseVendor(String vendor) {
        if (vendor == null) {
            return null;
        }
        String name = vendor.toLowerCase(Locale.ROOT);
        name = name.startsWith("db2") ? "db2" : name.startsWith("informix") ? "informix" : name;
        return DATABASE_VENDORS.contains(name) ? name : OTHER;
    }
}
