package io.binlogstream.connect.binlog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import javax.net.ssl.HostnameVerifier;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import com.github.shyiko.mysql.binlog.io.ByteArrayOutputStream;
import com.github.shyiko.mysql.binlog.network.SSLSocketFactory;
import com.github.shyiko.mysql.binlog.network.protocol.PacketChannel;
import com.github.shyiko.mysql.binlog.network.protocol.command.Command;

/**
 * A connection's channel once the binlog stream is requested, reading that stream through an
 * {@link UncapturedEventFilter}; everything else (writing, closing, its TLS state) is the connection's own channel's.
 * The library reads events from its client's {@code channel}, so putting this one there is how the filter gets
 * between the socket (or the TLS layer) and the library's decoding, for plain and TLS connections alike.
 */
final class FilteredPacketChannel extends PacketChannel {
    private final PacketChannel channel;
    private final UncapturedEventFilter filter;
    private final ByteArrayInputStream input;

    FilteredPacketChannel(PacketChannel channel, UncapturedEventFilter filter) throws IOException {
        // PacketChannel has no constructor without a socket; its own streams over this one are never used (their
        // 512 KiB read buffer, once per connection, is the price of subclassing it).
        super(new Detached());
        this.channel = channel;
        this.filter = filter;
        this.input = new ByteArrayInputStream(filter);
    }

    /** The events the filter took out of this connection's stream so far. */
    long dropped() {
        return filter.dropped();
    }

    @Override
    public ByteArrayInputStream getInputStream() {
        return input;
    }

    @Override
    public ByteArrayOutputStream getOutputStream() {
        return channel.getOutputStream();
    }

    @Override
    public void authenticationComplete() {
        channel.authenticationComplete();
    }

    /** Once the stream is requested, every packet is an event the client's event loop reads through {@link #getInputStream()}. */
    @Override
    public byte[] read() {
        throw new IllegalStateException("The binlog stream is read event by event from the channel's input stream");
    }

    @Override
    public void write(Command command) throws IOException {
        channel.write(command);
    }

    @Override
    public void upgradeToSSL(SSLSocketFactory factory, HostnameVerifier verifier) {
        throw new IllegalStateException("TLS is set up before the binlog stream is requested");
    }

    @Override
    public boolean isSSL() {
        return channel.isSSL();
    }

    @Override
    public void setShouldUseSoLinger0() {
        channel.setShouldUseSoLinger0();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Never connected (no file descriptor is made before a connect or bind); it only gives the superclass its streams. */
    private static final class Detached extends Socket {
        @Override
        public InputStream getInputStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }
    }
}
