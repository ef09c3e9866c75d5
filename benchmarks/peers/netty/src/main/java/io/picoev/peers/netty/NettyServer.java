package io.picoev.peers.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * Netty 4.2 on native epoll, one event loop thread for accepting and serving: {@code GET /plaintext}
 * and {@code GET /json} as the sample app answers them. Answers are written during the read and
 * flushed once per read batch ({@code channelReadComplete}), so pipelined answers go out together.
 * Usage: {@code NettyServer [port]}.
 */
public final class NettyServer {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final AsciiString SERVER = AsciiString.cached("netty");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The message {@code /json} serializes per request. */
    record Message(String message) {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Handler.refreshDate();
            loop.scheduleAtFixedRate(Handler::refreshDate, 1, 1, TimeUnit.SECONDS);
            new ServerBootstrap()
                .group(loop)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Handler());
                    }
                })
                .bind(port).sync()
                .channel().closeFuture().sync();
        } finally {
            loop.shutdownGracefully();
        }
    }

    /** Answers each request (the codec's empty last content of a GET is released); one flush per read batch. */
    static final class Handler extends ChannelInboundHandlerAdapter {

        // the Date header, refreshed once a second on the loop thread (as TechEmpower's Netty entry does)
        private static AsciiString date;

        static void refreshDate() {
            date = AsciiString.cached(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                answer(ctx, request);
            }
            ReferenceCountUtil.release(msg);
        }

        private static void answer(ChannelHandlerContext ctx, HttpRequest request) {
            FullHttpResponse response = switch (request.uri()) {
                case "/plaintext" -> ok(Unpooled.wrappedBuffer(HELLO), HttpHeaderValues.TEXT_PLAIN);
                case "/json" -> ok(Unpooled.wrappedBuffer(JSON.writeValueAsBytes(new Message("Hello, World!"))),
                    HttpHeaderValues.APPLICATION_JSON);
                default -> {
                    FullHttpResponse notFound = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
                    notFound.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                    yield notFound;
                }
            };
            if (HttpUtil.isKeepAlive(request)) {
                ctx.write(response, ctx.voidPromise());
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static FullHttpResponse ok(ByteBuf body, AsciiString contentType) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.SERVER, SERVER)
                .set(HttpHeaderNames.DATE, date)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            return response;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private NettyServer() {
    }
}
