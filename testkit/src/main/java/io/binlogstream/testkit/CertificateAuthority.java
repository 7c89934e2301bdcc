package io.binlogstream.testkit;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority that lives only in memory for one test run: it signs server and client certificates.
 * Keys are EC P-256, which takes milliseconds to generate (RSA keys would take seconds on this machine) and which
 * both the JDK and MariaDB's TLS libraries (OpenSSL, WolfSSL) accept. Signing uses the JDK's own providers;
 * BouncyCastle only assembles the X.509 structures.
 */
final class CertificateAuthority {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final String SIGNATURE = "SHA256withECDSA";
    // Starts an hour early so a clock that differs slightly between the JVM and the server does not matter.
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Duration VALIDITY = Duration.ofDays(30);

    /** A private key with its certificate chain, leaf first. */
    record Issued(PrivateKey key, X509Certificate certificate, X509Certificate issuer) {
        X509Certificate[] chain() {
            return new X509Certificate[] {certificate, issuer};
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;

    private CertificateAuthority(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new self-signed CA named {@code CN=commonName}. */
    static CertificateAuthority create(String commonName) {
        KeyPair keys = newKeyPair();
        X500Name name = name(commonName);
        X509Certificate certificate = sign(builder(name, name, keys, keys)
                .extension(Extension.basicConstraints, new BasicConstraints(true))
                .extension(Extension.keyUsage, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), keys.getPrivate());
        return new CertificateAuthority(keys, certificate);
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** A server certificate for {@code names} (IP addresses and DNS names, as subject alternative names). */
    Issued issueServer(String commonName, List<String> names) {
        return issue(commonName, names, KeyPurposeId.id_kp_serverAuth);
    }

    /** A client certificate, as a user created {@code REQUIRE X509} presents. */
    Issued issueClient(String commonName) {
        return issue(commonName, List.of(), KeyPurposeId.id_kp_clientAuth);
    }

    private Issued issue(String commonName, List<String> names, KeyPurposeId purpose) {
        KeyPair leaf = newKeyPair();
        Builder builder = builder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), name(commonName), leaf, keys)
                .extension(Extension.basicConstraints, new BasicConstraints(false))
                .extension(Extension.keyUsage, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                .extension(Extension.extendedKeyUsage, new ExtendedKeyUsage(purpose));
        if (!names.isEmpty()) {
            builder.extension(Extension.subjectAlternativeName,
                    new GeneralNames(names.stream().map(CertificateAuthority::generalName).toArray(GeneralName[]::new)));
        }
        return new Issued(leaf.getPrivate(), sign(builder, keys.getPrivate()), certificate);
    }

    private static GeneralName generalName(String name) {
        if (IPV4.matcher(name).matches() || name.contains(":")) {
            try {
                return new GeneralName(GeneralName.iPAddress, new org.bouncycastle.asn1.DEROctetString(
                        InetAddress.getByName(name).getAddress()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + name, e);
            }
        }
        return new GeneralName(GeneralName.dNSName, name);
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an EC key pair", e);
        }
    }

    private static Builder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys, KeyPair issuerKeys) {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(63, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject, subjectKeys.getPublic());
        Builder result = new Builder(builder);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            result.extension(Extension.subjectKeyIdentifier, utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            result.extension(Extension.authorityKeyIdentifier, utils.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    private static X509Certificate sign(Builder builder, PrivateKey issuerKey) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKey)));
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }

    /** The BouncyCastle builder, with extensions added without checked exceptions. Critical where RFC 5280 says so. */
    private record Builder(X509v3CertificateBuilder builder) {
        Builder extension(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, org.bouncycastle.asn1.ASN1Encodable value) {
            boolean critical = oid.equals(Extension.basicConstraints) || oid.equals(Extension.keyUsage);
            try {
                builder.addExtension(oid, critical, value);
            } catch (CertIOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }
    }
}
