# syntax=docker/dockerfile:1

# ---- build stage ------------------------------------------------------------
FROM rust:1-bookworm AS builder

# libpq and SQLite are compiled into the binary (pq-sys and libsqlite3-sys
# "bundled" features) and mail goes over rustls, so no -dev packages are needed.
WORKDIR /src
COPY . .

# The registry and target caches only speed up rebuilds; the binary is copied
# out of the cached target directory so that it ends up in the image layer.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked \
    && install -m 0755 target/release/codraft /usr/local/bin/codraft

# ---- runtime stage ----------------------------------------------------------
FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 codraft \
    && useradd --system --uid 10001 --gid codraft --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin codraft \
    && mkdir -p /data \
    && chown codraft:codraft /data

COPY --from=builder /usr/local/bin/codraft /usr/local/bin/codraft

ENV CODRAFT_BIND=0.0.0.0:8080 \
    CODRAFT_DATA_DIR=/data

VOLUME ["/data"]
WORKDIR /data
USER 10001:10001
EXPOSE 8080

ENTRYPOINT ["codraft"]
CMD ["serve"]
