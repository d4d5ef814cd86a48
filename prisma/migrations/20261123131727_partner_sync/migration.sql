-- CreateTable
CREATE TABLE "import_run" (
    "id" SERIAL NOT NULL,
    "source_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "file_name" TEXT,
    "rows" INTEGER NOT NULL,
    "created" INTEGER NOT NULL,
    "updated" INTEGER NOT NULL,
    "unchanged" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "organization_id" INTEGER,
    "api_key_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "import_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "import_run_source_id_kind_sha256_idx" ON "import_run"("source_id", "kind", "sha256");

-- AddForeignKey
ALTER TABLE "import_run" ADD CONSTRAINT "import_run_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
