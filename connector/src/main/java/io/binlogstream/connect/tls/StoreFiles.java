package io.binlogstream.connect.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;

import org.apache.kafka.common.config.types.Password;

import io.binlogstream.connect.config.BinlogConnectorConfig;

/**
 * Reads the trust store and the key store named in the config. Each failure names the key to change: the store's
 * path when the file is missing or not a store, its password key when the password does not open it. Messages
 * never contain a password (the JDK's own do not either).
 */
final class StoreFiles {
    private static final String PEM_BEGIN = "-----BEGIN";

    private StoreFiles() {
    }

    /** The trust anchors in a PKCS12 or JKS store, or in a PEM file of certificates. */
    static KeyStore trustStore(String path, Password password) throws TlsSetupException {
        String key = BinlogConnectorConfig.SSL_TRUSTSTORE_CONFIG;
        Path file = existingFile(key, path);
        if (isPem(file, key)) {
            return pemCertificates(file, key);
        }
        KeyStore store = load(file, password, key, BinlogConnectorConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        if (count(store, true) == 0) {
            throw new TlsSetupException(key, key + " '" + path + "' holds no trusted certificate"
                    + (password.value().isEmpty() ? " that can be read without a password: set " + BinlogConnectorConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG
                    : ""), null);
        }
        return store;
    }

    /** The client's private key and certificate chain, from a PKCS12 or JKS store. */
    static KeyStore keyStore(String path, Password password) throws TlsSetupException {
        String key = BinlogConnectorConfig.SSL_KEYSTORE_CONFIG;
        Path file = existingFile(key, path);
        if (isPem(file, key)) {
            throw new TlsSetupException(key, key + " '" + path + "' is a PEM file; the client key and certificate must be "
                    + "in a PKCS12 or JKS key store (openssl pkcs12 -export -in client-cert.pem -inkey client-key.pem -out client.p12)", null);
        }
        KeyStore store = load(file, password, key, BinlogConnectorConfig.SSL_KEYSTORE_PASSWORD_CONFIG);
        if (count(store, false) == 0) {
            throw new TlsSetupException(key, key + " '" + path + "' holds no private key with a certificate", null);
        }
        return store;
    }

    private static Path existingFile(String key, String path) throws TlsSetupException {
        try {
            Path file = Path.of(path);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new TlsSetupException(key, key + ": no readable file at '" + path + "'", null);
            }
            return file;
        } catch (InvalidPathException e) {
            throw new TlsSetupException(key, key + ": '" + path + "' is not a valid path", e);
        }
    }

    private static boolean isPem(Path file, String key) throws TlsSetupException {
        byte[] head = new byte[64];
        try (var in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            return new String(head, 0, n, StandardCharsets.US_ASCII).strip().startsWith(PEM_BEGIN);
        } catch (IOException e) {
            throw new TlsSetupException(key, key + ": cannot read '" + file + "': " + e.getMessage(), e);
        }
    }

    private static KeyStore pemCertificates(Path file, String key) throws TlsSetupException {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
            if (certificates.isEmpty()) {
                throw new TlsSetupException(key, key + " '" + file + "' is a PEM file without a certificate", null);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("pem-" + i++, certificate);
            }
            return store;
        } catch (CertificateException e) {
            throw new TlsSetupException(key, key + " '" + file + "' is not a PEM file of X.509 certificates: " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException(key, key + ": cannot read '" + file + "': " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, Password password, String key, String passwordKey) throws TlsSetupException {
        // An empty password reads what a store keeps unprotected (certificates, in some PKCS12 files).
        char[] secret = password.value().isEmpty() ? null : password.value().toCharArray();
        try {
            // Detects PKCS12 and JKS (and JCEKS) from the content, whatever the file's name.
            return KeyStore.getInstance(file.toFile(), secret);
        } catch (KeyStoreException e) {
            throw new TlsSetupException(key, key + " '" + file + "' is neither a PKCS12 nor a JKS key store nor a PEM file", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || password.value().isEmpty()) {
                throw new TlsSetupException(passwordKey, passwordKey + " does not open " + key + " '" + file + "'"
                        + (password.value().isEmpty() ? " (no password is set)" : " (wrong password)"), e);
            }
            throw new TlsSetupException(key, key + ": cannot read '" + file + "' as a key store: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(key, key + ": cannot read '" + file + "' as a key store: " + e.getMessage(), e);
        }
    }

    private static int count(KeyStore store, boolean certificates) throws TlsSetupException {
        try {
            int n = 0;
            for (String alias : Collections.list(store.aliases())) {
                if (certificates ? store.isCertificateEntry(alias) : store.isKeyEntry(alias)) {
                    n++;
                }
            }
            return n;
        } catch (KeyStoreException e) {
            throw new IllegalStateException("a loaded key store refused to list its entries", e);
        }
    }
}
