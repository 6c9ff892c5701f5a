package io.dora.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * One frame: the fixed header's fields, the extension block and the body. The body buffer is reference counted;
 * whoever receives a frame releases it.
 */
public final class DoraFrame extends DefaultByteBufHolder {

	private static final byte[] NO_EXTENSION = new byte[0];

	private final MessageType type;

	private final int flags;

	private final int codec;

	private final Guid guid;

	private final int timeoutMillis;

	private final byte[] extension;

	public DoraFrame(MessageType type, int flags, int codec, Guid guid, int timeoutMillis, byte[] extension,
			ByteBuf body) {
		super(body);
		this.type = type;
		this.flags = flags;
		this.codec = codec;
		this.guid = guid;
		this.timeoutMillis = timeoutMillis;
		this.extension = (extension != null) ? extension : NO_EXTENSION;
	}

	/** A frame without a body, such as a heartbeat. */
	public static DoraFrame empty(MessageType type, Guid guid) {
		return new DoraFrame(type, 0, DoraProtocol.CODEC_NONE, guid, 0, null, Unpooled.EMPTY_BUFFER);
	}

	public MessageType type() {
		return this.type;
	}

	public int flags() {
		return this.flags;
	}

	public boolean hasFlag(int flag) {
		return (this.flags & flag) != 0;
	}

	public int codec() {
		return this.codec;
	}

	public Guid guid() {
		return this.guid;
	}

	/** The caller's time budget in milliseconds; 0 means none was given. */
	public int timeoutMillis() {
		return this.timeoutMillis;
	}

	public byte[] extension() {
		return this.extension;
	}

	/**
	 * Whether the extension block is a whole sequence of {@code [id: u8][length: u16][value]} entries, none running
	 * past the end of the block.
	 */
	public boolean hasWellFormedExtension() {
		int at = 0;
		while (at < this.extension.length) {
			if (at + 3 > this.extension.length) {
				return false;
			}
			int length = ((this.extension[at + 1] & 0xFF) << 8) | (this.extension[at + 2] & 0xFF);
			at += 3 + length;
		}
		return at == this.extension.length;
	}

	/** Writes the 32-byte header for this frame's fields and the given body length. */
	public static void writeHeader(ByteBuf out, MessageType type, int flags, int codec, Guid guid, int timeoutMillis,
			int extensionLength, int bodyLength) {
		out.writeShort(DoraProtocol.MAGIC);
		out.writeByte(DoraProtocol.VERSION);
		out.writeByte(type.code());
		out.writeByte(flags);
		out.writeByte(codec);
		out.writeShort(extensionLength);
		guid.write(out);
		out.writeInt(timeoutMillis);
		out.writeInt(bodyLength);
	}

	/** Writes this whole frame, header, extension and body, to {@code out}; the body is not released. */
	public void writeTo(ByteBuf out) {
		ByteBuf body = content();
		writeHeader(out, this.type, this.flags, this.codec, this.guid, this.timeoutMillis, this.extension.length,
				body.readableBytes());
		out.writeBytes(this.extension);
		out.writeBytes(body, body.readerIndex(), body.readableBytes());
	}

	@Override
	public DoraFrame replace(ByteBuf content) {
		return new DoraFrame(this.type, this.flags, this.codec, this.guid, this.timeoutMillis, this.extension, content);
	}

	@Override
	public DoraFrame retain() {
		super.retain();
		return this;
	}

	@Override
	public String toString() {
		return "DoraFrame[" + this.type + ", guid=" + this.guid + ", flags=" + this.flags + ", body="
				+ content().readableBytes() + "B]";
	}

}
