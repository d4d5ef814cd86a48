-- CreateTable
CREATE TABLE "goal_progress" (
    "goal_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "position" BIGINT NOT NULL,
    "goal_updated_at" TIMESTAMP(3) NOT NULL,
    "indicator_updated_at" TIMESTAMP(3) NOT NULL,
    "progress" JSONB NOT NULL,
    "computed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "goal_progress_pkey" PRIMARY KEY ("goal_id")
);

-- AddForeignKey
ALTER TABLE "goal_progress" ADD CONSTRAINT "goal_progress_goal_id_fkey" FOREIGN KEY ("goal_id") REFERENCES "goal"("id") ON DELETE CASCADE ON UPDATE CASCADE;
