#!/bin/sh
# Builds the production distribution, target/<name>.tar.gz, from the packaged jar and target/lib (run by the build in
# the package phase: pom.xml, execution "distribution"; maven-assembly-plugin does not resolve offline here).
#   src/dist/package.sh BASEDIR BUILD_DIRECTORY NAME JAR
# The archive holds one directory, NAME: bin/ceip-agent, lib/ (the agent's jar and its runtime dependencies; not the
# embedded demo), config/, routes/, systemd/, docs/, LICENSE, NOTICE, README.md and THIRD-PARTY.txt.
set -eu
base=$1
build=$2
name=$3
jar=$4
stage=$build/dist
root=$stage/$name
rm -rf "$stage"
mkdir -p "$root/bin" "$root/lib" "$root/systemd"
cp "$base/src/dist/bin/ceip-agent" "$root/bin/"
cp "$build/$jar" "$build"/lib/*.jar "$root/lib/"
cp -R "$base/config" "$base/routes" "$base/docs" "$root/"
cp "$base"/src/dist/systemd/* "$root/systemd/"
cp "$base/LICENSE" "$base/NOTICE" "$base/README.md" "$root/"
{
    echo "Third-party libraries bundled in lib/, each under its own licence (named in the jar's META-INF):"
    (cd "$build/lib" && ls -1 -- *.jar)
} > "$root/THIRD-PARTY.txt"
find "$root" -type d -exec chmod 755 {} +
find "$root" -type f -exec chmod 644 {} +
chmod 755 "$root/bin/ceip-agent"
tar -C "$stage" --owner=0 --group=0 --numeric-owner --sort=name -czf "$build/$name.tar.gz" "$name"
