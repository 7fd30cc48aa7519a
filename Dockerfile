# cardnote: the same steps as README's first command (scripts/setup.sh), split into two stages.
# Build stage: the Python environment in /app/.venv.
FROM debian:bookworm-slim AS build
WORKDIR /app
COPY scripts/setup.sh scripts/setup.sh
RUN bash scripts/setup.sh system && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY ocr ocr
COPY enrich enrich
COPY service service
RUN bash scripts/setup.sh venv

# Runtime stage: the same Debian packages (tesseract and its language packs), the venv, a non-root user.
FROM debian:bookworm-slim
WORKDIR /app
COPY scripts/setup.sh scripts/setup.sh
RUN bash scripts/setup.sh system && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /home/cardnote cardnote \
    && mkdir -p /data && chown cardnote /data
COPY --from=build /app /app
USER cardnote
ENV CARDNOTE_DATA_DIR=/data
VOLUME /data
EXPOSE 8000
CMD [".venv/bin/cardnote", "serve", "--host", "0.0.0.0", "--port", "8000"]
