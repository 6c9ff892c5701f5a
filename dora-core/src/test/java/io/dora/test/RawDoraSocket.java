package io.dora.test;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import io.dora.protocol.DoraProtocol;
import io.dora.protocol.Guid;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * A plain blocking socket speaking raw bytes to a Dora server, for tests that send what no well-behaved client
 * would.
 */
public final class RawDoraSocket implements AutoCloseable {

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	public RawDoraSocket(int port) throws IOException {
		this(new Socket("127.0.0.1", port));
	}

	/** Speaks over a connected socket, for example one a fake provider accepted. */
	public RawDoraSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(10_000);
		this.in = new DataInputStream(this.socket.getInputStream());
		this.out = this.socket.getOutputStream();
	}

	public void send(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/** Sends a buffer's readable bytes and releases it. */
	public void send(ByteBuf frame) throws IOException {
		try {
			send(ByteBufUtil.getBytes(frame));
		}
		finally {
			frame.release();
		}
	}

	/** Reads one whole frame. */
	public Frame read() throws IOException {
		byte[] header = new byte[DoraProtocol.HEADER_LENGTH];
		this.in.readFully(header);
		java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(header);
		int type = header[3] & 0xFF;
		int flags = header[4] & 0xFF;
		Guid guid = Guid.of(view.getLong(8), view.getLong(16));
		int extension = view.getShort(6) & 0xFFFF;
		int length = view.getInt(28);
		this.in.skipNBytes(extension);
		byte[] body = new byte[length];
		this.in.readFully(body);
		return new Frame(header, type, flags, guid, body);
	}

	/** Whether the server closed the connection (end of stream) within the socket timeout. */
	public boolean isClosedByPeer() throws IOException {
		try {
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (EOFException ex) {
			return true;
		}
		catch (IOException ex) {
			return true;
		}
	}

	public void setReadTimeout(int millis) throws IOException {
		this.socket.setSoTimeout(millis);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * A frame read from the socket.
	 *
	 * @param header the 32 header bytes
	 * @param type the message type code
	 * @param flags the flags
	 * @param guid the header guid
	 * @param body the body
	 */
	public record Frame(byte[] header, int type, int flags, Guid guid, byte[] body) {

		public String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

}
