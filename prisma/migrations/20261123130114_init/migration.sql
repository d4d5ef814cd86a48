-- CreateEnum
CREATE TYPE "OrganizationKind" AS ENUM ('MUNICIPALITY', 'REGION', 'NATIONAL_AGENCY', 'PRODUCER_COMPANY', 'COOPERATIVE', 'WHOLESALER', 'LOGISTICS', 'FOOD_SERVICE', 'PROJECT_PARTNER', 'RESEARCH', 'NGO', 'OTHER');

-- CreateEnum
CREATE TYPE "ProducerKind" AS ENUM ('FARM', 'FISHERY', 'PROCESSOR', 'BAKERY', 'DAIRY', 'COOPERATIVE', 'OTHER');

-- CreateEnum
CREATE TYPE "CertificationScheme" AS ENUM ('EU_ORGANIC', 'KRAV', 'DEBIO', 'OE_MAERKET', 'LUOMU', 'NYT_NORGE', 'SVENSKT_SIGILL', 'MSC', 'ASC', 'OTHER');

-- CreateEnum
CREATE TYPE "SalesChannel" AS ENUM ('PUBLIC_PROCUREMENT', 'FOOD_SERVICE', 'RETAIL', 'DIRECT', 'WHOLESALE');

-- CreateEnum
CREATE TYPE "Weekday" AS ENUM ('MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN');

-- CreateEnum
CREATE TYPE "KitchenKind" AS ENUM ('SCHOOL', 'PRESCHOOL', 'AFTER_SCHOOL', 'ELDERLY_CARE', 'HOSPITAL', 'DAY_CENTRE', 'STAFF_CANTEEN', 'RESTAURANT', 'OTHER');

-- CreateEnum
CREATE TYPE "ProductionType" AS ENUM ('COOKING', 'CENTRAL', 'RECEIVING');

-- CreateEnum
CREATE TYPE "HubKind" AS ENUM ('FOOD_HUB', 'DAY_CENTRE', 'COOPERATIVE_WAREHOUSE', 'WHOLESALER_DEPOT', 'OTHER');

-- CreateEnum
CREATE TYPE "Unit" AS ENUM ('KG', 'G', 'TONNE', 'L', 'DL', 'ML', 'PIECE', 'DOZEN');

-- CreateEnum
CREATE TYPE "Currency" AS ENUM ('NOK', 'SEK', 'EUR', 'DKK', 'PLN');

-- CreateEnum
CREATE TYPE "OriginBasis" AS ENUM ('DIRECT', 'ARTICLE_DATA', 'DECLARED', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "OrganicBasis" AS ENUM ('CERTIFIED_PRODUCT', 'ARTICLE_DATA', 'SUPPLIER_DECLARATION', 'NONE');

-- CreateEnum
CREATE TYPE "DemandStatus" AS ENUM ('OPEN', 'MATCHED', 'CLOSED');

-- CreateEnum
CREATE TYPE "ProcurementRoute" AS ENUM ('CALL_OFF', 'DIRECT_AWARD', 'DYNAMIC_PURCHASING', 'MARKET_DIALOGUE');

-- CreateEnum
CREATE TYPE "AgreementStatus" AS ENUM ('PLANNING', 'TENDER', 'ACTIVE', 'COMPLETE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "GoalOwnerKind" AS ENUM ('MUNICIPALITY', 'REGION', 'NATION', 'PROJECT');

-- CreateEnum
CREATE TYPE "GoalDirection" AS ENUM ('INCREASE', 'DECREASE');

-- CreateEnum
CREATE TYPE "IndicatorKind" AS ENUM ('ORGANIC_SHARE', 'LOCAL_SHARE', 'TENDER_READY_PRODUCERS_PER_LOT', 'KITCHENS_WITH_DIRECT_PRODUCER', 'OBSERVED');

-- CreateEnum
CREATE TYPE "Measure" AS ENUM ('VALUE', 'WEIGHT');

-- CreateEnum
CREATE TYPE "LocalDefinition" AS ENUM ('SAME_MUNICIPALITY', 'SAME_REGION', 'SAME_COUNTRY', 'WITHIN_KM');

-- CreateEnum
CREATE TYPE "PeriodType" AS ENUM ('YEAR', 'MONTH');

-- CreateEnum
CREATE TYPE "LocationPrecision" AS ENUM ('EXACT', 'POSTCODE', 'MUNICIPALITY');

-- CreateEnum
CREATE TYPE "ChangeOperation" AS ENUM ('CREATE', 'UPDATE', 'DELETE', 'MERGE', 'PURGE');

-- CreateEnum
CREATE TYPE "ConsentScope" AS ENUM ('CONTACT_PERSON', 'EXACT_LOCATION', 'IDENTITY_NUMBER');

-- CreateEnum
CREATE TYPE "CodeChange" AS ENUM ('UNCHANGED', 'RENUMBERED', 'SPLIT');

-- CreateTable
CREATE TABLE "source" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "publisher" TEXT NOT NULL,
    "licence" TEXT NOT NULL,
    "url" TEXT,
    "attribution" TEXT,
    "exportable" BOOLEAN NOT NULL DEFAULT true,
    "organization_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" SERIAL NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook" (
    "id" SERIAL NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "record_types" TEXT[],
    "secret" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_delivery" (
    "id" SERIAL NOT NULL,
    "webhook_id" INTEGER NOT NULL,
    "event_id" TEXT NOT NULL,
    "change_id" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3),
    "response_status" INTEGER,
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMP(3),

    CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "change" (
    "id" BIGSERIAL NOT NULL,
    "operation" "ChangeOperation" NOT NULL,
    "record_type" TEXT NOT NULL,
    "record_id" TEXT NOT NULL,
    "source_id" INTEGER,
    "external_id" TEXT,
    "version" INTEGER NOT NULL,
    "organization_id" INTEGER,
    "api_key_id" INTEGER,
    "data" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "country" (
    "code" TEXT NOT NULL,
    "names" JSONB NOT NULL,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "country_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "region" (
    "code" TEXT NOT NULL,
    "country_code" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "centroid_lat" DOUBLE PRECISION,
    "centroid_lon" DOUBLE PRECISION,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "region_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "municipality" (
    "code" TEXT NOT NULL,
    "country_code" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "centroid_lat" DOUBLE PRECISION NOT NULL,
    "centroid_lon" DOUBLE PRECISION NOT NULL,
    "min_lat" DOUBLE PRECISION NOT NULL,
    "min_lon" DOUBLE PRECISION NOT NULL,
    "max_lat" DOUBLE PRECISION NOT NULL,
    "max_lon" DOUBLE PRECISION NOT NULL,
    "boundary" JSONB NOT NULL,
    "valid_from" DATE,
    "valid_to" DATE,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "municipality_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "municipality_alias" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "division" INTEGER NOT NULL,
    "municipality_code" TEXT NOT NULL,
    "change" "CodeChange" NOT NULL,

    CONSTRAINT "municipality_alias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organization" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "OrganizationKind" NOT NULL,
    "org_number" TEXT,
    "natural_person" BOOLEAN NOT NULL DEFAULT false,
    "country_code" TEXT,
    "municipality_code" TEXT,
    "website" TEXT,
    "merged_into_id" INTEGER,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organization_identifier" (
    "id" SERIAL NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "scheme" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "source_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_identifier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_record" (
    "id" SERIAL NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "scope" "ConsentScope" NOT NULL,
    "given_by" TEXT NOT NULL,
    "given_at" TIMESTAMP(3) NOT NULL,
    "method" TEXT NOT NULL,
    "withdrawn_at" TIMESTAMP(3),
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "consent_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product_category" (
    "code" TEXT NOT NULL,
    "parent_code" TEXT,
    "depth" INTEGER NOT NULL,
    "names" JSONB NOT NULL,
    "cpv" TEXT,
    "dfc_product_type" TEXT,
    "sort_order" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "product_category_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "unit_conversion" (
    "id" SERIAL NOT NULL,
    "category_code" TEXT,
    "unit" "Unit" NOT NULL,
    "kg_per_unit" DECIMAL(12,6) NOT NULL,
    "note" TEXT,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "unit_conversion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "producer" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ProducerKind" NOT NULL,
    "organization_id" INTEGER,
    "country_code" TEXT NOT NULL,
    "municipality_code" TEXT,
    "lat" DOUBLE PRECISION,
    "lon" DOUBLE PRECISION,
    "public_lat" DOUBLE PRECISION,
    "public_lon" DOUBLE PRECISION,
    "location_precision" "LocationPrecision" NOT NULL DEFAULT 'EXACT',
    "street" TEXT,
    "postal_code" TEXT,
    "city" TEXT,
    "description" JSONB,
    "website" TEXT,
    "tender_ready" BOOLEAN NOT NULL DEFAULT false,
    "channels" "SalesChannel"[],
    "delivery_radius_km" DOUBLE PRECISION,
    "delivery_days" "Weekday"[],
    "contact_name" TEXT,
    "contact_email" TEXT,
    "contact_phone" TEXT,
    "contact_consent" BOOLEAN NOT NULL DEFAULT false,
    "merged_into_id" INTEGER,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "producer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "producer_product" (
    "id" SERIAL NOT NULL,
    "producer_id" INTEGER NOT NULL,
    "category_code" TEXT NOT NULL,
    "name" TEXT,
    "season_months" INTEGER[],
    "annual_capacity" DECIMAL(14,3),
    "capacity_unit" "Unit",
    "organic" BOOLEAN NOT NULL DEFAULT false,
    "gtin" TEXT,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "producer_product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "certification" (
    "id" SERIAL NOT NULL,
    "producer_id" INTEGER NOT NULL,
    "scheme" "CertificationScheme" NOT NULL,
    "certificate_number" TEXT,
    "valid_from" DATE,
    "valid_until" DATE,
    "url" TEXT,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "certification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hub" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "HubKind" NOT NULL,
    "operator_id" INTEGER,
    "municipality_code" TEXT,
    "lat" DOUBLE PRECISION,
    "lon" DOUBLE PRECISION,
    "street" TEXT,
    "postal_code" TEXT,
    "city" TEXT,
    "delivery_days" "Weekday"[],
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "hub_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hub_municipality" (
    "hub_id" INTEGER NOT NULL,
    "municipality_code" TEXT NOT NULL,

    CONSTRAINT "hub_municipality_pkey" PRIMARY KEY ("hub_id","municipality_code")
);

-- CreateTable
CREATE TABLE "producer_hub" (
    "producer_id" INTEGER NOT NULL,
    "hub_id" INTEGER NOT NULL,

    CONSTRAINT "producer_hub_pkey" PRIMARY KEY ("producer_id","hub_id")
);

-- CreateTable
CREATE TABLE "kitchen" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "KitchenKind" NOT NULL,
    "municipality_code" TEXT NOT NULL,
    "organization_id" INTEGER,
    "production_type" "ProductionType" NOT NULL,
    "central_kitchen_id" INTEGER,
    "meals_per_day" INTEGER,
    "serving_days_per_year" INTEGER,
    "lat" DOUBLE PRECISION,
    "lon" DOUBLE PRECISION,
    "street" TEXT,
    "postal_code" TEXT,
    "city" TEXT,
    "meal_concept" TEXT,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "kitchen_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "demand" (
    "id" SERIAL NOT NULL,
    "kitchen_id" INTEGER,
    "buyer_organization_id" INTEGER,
    "municipality_code" TEXT NOT NULL,
    "category_code" TEXT NOT NULL,
    "title" TEXT,
    "description" JSONB,
    "quantity" DECIMAL(14,3) NOT NULL,
    "unit" "Unit" NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "organic_required" BOOLEAN NOT NULL DEFAULT false,
    "required_certifications" "CertificationScheme"[],
    "delivery_frequency" TEXT,
    "status" "DemandStatus" NOT NULL DEFAULT 'OPEN',
    "procurement_route" "ProcurementRoute" NOT NULL,
    "lot_id" INTEGER,
    "internal" BOOLEAN NOT NULL DEFAULT false,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "demand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agreement" (
    "id" SERIAL NOT NULL,
    "buyer_organization_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "notice_reference" TEXT,
    "notice_url" TEXT,
    "cpv_codes" TEXT[],
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "status" "AgreementStatus" NOT NULL,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "agreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agreement_municipality" (
    "agreement_id" INTEGER NOT NULL,
    "municipality_code" TEXT NOT NULL,

    CONSTRAINT "agreement_municipality_pkey" PRIMARY KEY ("agreement_id","municipality_code")
);

-- CreateTable
CREATE TABLE "lot" (
    "id" SERIAL NOT NULL,
    "agreement_id" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "estimated_quantity" DECIMAL(14,3),
    "estimated_unit" "Unit",
    "estimated_value" DECIMAL(16,2),
    "currency" "Currency",
    "delivery_frequency" TEXT,
    "required_certifications" "CertificationScheme"[],
    "organic_required" BOOLEAN NOT NULL DEFAULT false,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "lot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lot_category" (
    "lot_id" INTEGER NOT NULL,
    "category_code" TEXT NOT NULL,

    CONSTRAINT "lot_category_pkey" PRIMARY KEY ("lot_id","category_code")
);

-- CreateTable
CREATE TABLE "lot_kitchen" (
    "lot_id" INTEGER NOT NULL,
    "kitchen_id" INTEGER NOT NULL,

    CONSTRAINT "lot_kitchen_pkey" PRIMARY KEY ("lot_id","kitchen_id")
);

-- CreateTable
CREATE TABLE "award" (
    "id" SERIAL NOT NULL,
    "lot_id" INTEGER NOT NULL,
    "supplier_organization_id" INTEGER,
    "producer_id" INTEGER,
    "supplier_name" TEXT NOT NULL,
    "awarded_at" DATE,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "award_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery" (
    "id" BIGSERIAL NOT NULL,
    "kitchen_id" INTEGER,
    "buyer_organization_id" INTEGER,
    "municipality_code" TEXT NOT NULL,
    "supplier_producer_id" INTEGER,
    "supplier_organization_id" INTEGER,
    "supplier_name" TEXT,
    "producer_id" INTEGER,
    "origin_basis" "OriginBasis" NOT NULL DEFAULT 'UNKNOWN',
    "origin_country" TEXT,
    "category_code" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "quantity" DECIMAL(16,3),
    "unit" "Unit",
    "quantity_kg" DECIMAL(16,3),
    "value" DECIMAL(16,2),
    "currency" "Currency",
    "organic" BOOLEAN NOT NULL DEFAULT false,
    "organic_basis" "OrganicBasis" NOT NULL DEFAULT 'NONE',
    "certifications" "CertificationScheme"[],
    "agreement_id" INTEGER,
    "lot_id" INTEGER,
    "gtin" TEXT,
    "replaces_id" BIGINT,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "indicator" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "names" JSONB NOT NULL,
    "definition" JSONB,
    "unit" TEXT NOT NULL,
    "kind" "IndicatorKind" NOT NULL,
    "measure" "Measure",
    "local_definition" "LocalDefinition",
    "local_km" DOUBLE PRECISION,
    "kitchen_kinds" "KitchenKind"[],
    "category_codes" TEXT[],
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "indicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "observation" (
    "id" SERIAL NOT NULL,
    "indicator_id" INTEGER NOT NULL,
    "country_code" TEXT,
    "region_code" TEXT,
    "municipality_code" TEXT,
    "kitchen_id" INTEGER,
    "project_id" INTEGER,
    "date" DATE NOT NULL,
    "period_type" "PeriodType" NOT NULL,
    "value" DECIMAL(18,6) NOT NULL,
    "facet_source_id" INTEGER,
    "method" TEXT,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "observation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "goal" (
    "id" SERIAL NOT NULL,
    "owner_kind" "GoalOwnerKind" NOT NULL,
    "country_code" TEXT,
    "region_code" TEXT,
    "municipality_code" TEXT,
    "project_id" INTEGER,
    "organization_id" INTEGER,
    "title" JSONB NOT NULL,
    "scope" JSONB,
    "indicator_id" INTEGER NOT NULL,
    "baseline_value" DECIMAL(18,6),
    "baseline_year" INTEGER,
    "target_value" DECIMAL(18,6) NOT NULL,
    "target_year" INTEGER NOT NULL,
    "direction" "GoalDirection" NOT NULL,
    "document_title" TEXT,
    "document_url" TEXT,
    "adopted_at" DATE,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "goal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "acronym" TEXT,
    "description" JSONB,
    "period_start" DATE,
    "period_end" DATE,
    "budget" DECIMAL(16,2),
    "budget_currency" "Currency",
    "funder" TEXT,
    "lead_organization_id" INTEGER,
    "url" TEXT,
    "source_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_partner" (
    "project_id" INTEGER NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "role" TEXT,

    CONSTRAINT "project_partner_pkey" PRIMARY KEY ("project_id","organization_id")
);

-- CreateTable
CREATE TABLE "project_municipality" (
    "project_id" INTEGER NOT NULL,
    "municipality_code" TEXT NOT NULL,

    CONSTRAINT "project_municipality_pkey" PRIMARY KEY ("project_id","municipality_code")
);

-- CreateIndex
CREATE UNIQUE INDEX "source_key_key" ON "source"("key");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_prefix_key" ON "api_key"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_hash_key" ON "api_key"("hash");

-- CreateIndex
CREATE INDEX "api_key_organization_id_idx" ON "api_key"("organization_id");

-- CreateIndex
CREATE INDEX "webhook_organization_id_idx" ON "webhook"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_delivery_event_id_key" ON "webhook_delivery"("event_id");

-- CreateIndex
CREATE INDEX "webhook_delivery_webhook_id_status_idx" ON "webhook_delivery"("webhook_id", "status");

-- CreateIndex
CREATE INDEX "change_record_type_id_idx" ON "change"("record_type", "id");

-- CreateIndex
CREATE INDEX "change_source_id_id_idx" ON "change"("source_id", "id");

-- CreateIndex
CREATE INDEX "change_record_type_record_id_idx" ON "change"("record_type", "record_id");

-- CreateIndex
CREATE UNIQUE INDEX "country_source_id_external_id_key" ON "country"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "region_country_code_idx" ON "region"("country_code");

-- CreateIndex
CREATE UNIQUE INDEX "region_source_id_external_id_key" ON "region"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "municipality_region_code_idx" ON "municipality"("region_code");

-- CreateIndex
CREATE INDEX "municipality_country_code_idx" ON "municipality"("country_code");

-- CreateIndex
CREATE INDEX "municipality_name_idx" ON "municipality"("name");

-- CreateIndex
CREATE UNIQUE INDEX "municipality_source_id_external_id_key" ON "municipality"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "municipality_alias_code_idx" ON "municipality_alias"("code");

-- CreateIndex
CREATE UNIQUE INDEX "municipality_alias_code_municipality_code_key" ON "municipality_alias"("code", "municipality_code");

-- CreateIndex
CREATE INDEX "organization_org_number_idx" ON "organization"("org_number");

-- CreateIndex
CREATE INDEX "organization_municipality_code_idx" ON "organization"("municipality_code");

-- CreateIndex
CREATE UNIQUE INDEX "organization_source_id_external_id_key" ON "organization"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "organization_identifier_organization_id_idx" ON "organization_identifier"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "organization_identifier_scheme_value_key" ON "organization_identifier"("scheme", "value");

-- CreateIndex
CREATE INDEX "consent_record_organization_id_idx" ON "consent_record"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "consent_record_source_id_external_id_key" ON "consent_record"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "product_category_parent_code_idx" ON "product_category"("parent_code");

-- CreateIndex
CREATE UNIQUE INDEX "product_category_source_id_external_id_key" ON "product_category"("source_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "unit_conversion_source_id_external_id_key" ON "unit_conversion"("source_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "unit_conversion_category_code_unit_key" ON "unit_conversion"("category_code", "unit");

-- CreateIndex
CREATE INDEX "producer_municipality_code_idx" ON "producer"("municipality_code");

-- CreateIndex
CREATE INDEX "producer_public_lat_public_lon_idx" ON "producer"("public_lat", "public_lon");

-- CreateIndex
CREATE INDEX "producer_name_idx" ON "producer"("name");

-- CreateIndex
CREATE INDEX "producer_tender_ready_idx" ON "producer"("tender_ready");

-- CreateIndex
CREATE INDEX "producer_deleted_at_idx" ON "producer"("deleted_at");

-- CreateIndex
CREATE UNIQUE INDEX "producer_source_id_external_id_key" ON "producer"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "producer_product_producer_id_idx" ON "producer_product"("producer_id");

-- CreateIndex
CREATE INDEX "producer_product_category_code_idx" ON "producer_product"("category_code");

-- CreateIndex
CREATE UNIQUE INDEX "producer_product_source_id_external_id_key" ON "producer_product"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "certification_producer_id_idx" ON "certification"("producer_id");

-- CreateIndex
CREATE INDEX "certification_scheme_idx" ON "certification"("scheme");

-- CreateIndex
CREATE UNIQUE INDEX "certification_source_id_external_id_key" ON "certification"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "hub_municipality_code_idx" ON "hub"("municipality_code");

-- CreateIndex
CREATE UNIQUE INDEX "hub_source_id_external_id_key" ON "hub"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "hub_municipality_municipality_code_idx" ON "hub_municipality"("municipality_code");

-- CreateIndex
CREATE INDEX "producer_hub_hub_id_idx" ON "producer_hub"("hub_id");

-- CreateIndex
CREATE INDEX "kitchen_municipality_code_idx" ON "kitchen"("municipality_code");

-- CreateIndex
CREATE INDEX "kitchen_kind_idx" ON "kitchen"("kind");

-- CreateIndex
CREATE INDEX "kitchen_lat_lon_idx" ON "kitchen"("lat", "lon");

-- CreateIndex
CREATE INDEX "kitchen_central_kitchen_id_idx" ON "kitchen"("central_kitchen_id");

-- CreateIndex
CREATE UNIQUE INDEX "kitchen_source_id_external_id_key" ON "kitchen"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "demand_municipality_code_idx" ON "demand"("municipality_code");

-- CreateIndex
CREATE INDEX "demand_category_code_idx" ON "demand"("category_code");

-- CreateIndex
CREATE INDEX "demand_status_idx" ON "demand"("status");

-- CreateIndex
CREATE INDEX "demand_period_start_period_end_idx" ON "demand"("period_start", "period_end");

-- CreateIndex
CREATE UNIQUE INDEX "demand_source_id_external_id_key" ON "demand"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "agreement_buyer_organization_id_idx" ON "agreement"("buyer_organization_id");

-- CreateIndex
CREATE INDEX "agreement_notice_reference_idx" ON "agreement"("notice_reference");

-- CreateIndex
CREATE UNIQUE INDEX "agreement_source_id_external_id_key" ON "agreement"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "agreement_municipality_municipality_code_idx" ON "agreement_municipality"("municipality_code");

-- CreateIndex
CREATE INDEX "lot_agreement_id_idx" ON "lot"("agreement_id");

-- CreateIndex
CREATE UNIQUE INDEX "lot_source_id_external_id_key" ON "lot"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "lot_category_category_code_idx" ON "lot_category"("category_code");

-- CreateIndex
CREATE INDEX "lot_kitchen_kitchen_id_idx" ON "lot_kitchen"("kitchen_id");

-- CreateIndex
CREATE INDEX "award_lot_id_idx" ON "award"("lot_id");

-- CreateIndex
CREATE UNIQUE INDEX "award_source_id_external_id_key" ON "award"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "delivery_municipality_code_period_start_idx" ON "delivery"("municipality_code", "period_start");

-- CreateIndex
CREATE INDEX "delivery_kitchen_id_period_start_idx" ON "delivery"("kitchen_id", "period_start");

-- CreateIndex
CREATE INDEX "delivery_category_code_idx" ON "delivery"("category_code");

-- CreateIndex
CREATE INDEX "delivery_producer_id_idx" ON "delivery"("producer_id");

-- CreateIndex
CREATE INDEX "delivery_period_start_idx" ON "delivery"("period_start");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_source_id_external_id_key" ON "delivery"("source_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "indicator_key_key" ON "indicator"("key");

-- CreateIndex
CREATE UNIQUE INDEX "indicator_source_id_external_id_key" ON "indicator"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "observation_indicator_id_municipality_code_date_idx" ON "observation"("indicator_id", "municipality_code", "date");

-- CreateIndex
CREATE INDEX "observation_indicator_id_country_code_date_idx" ON "observation"("indicator_id", "country_code", "date");

-- CreateIndex
CREATE UNIQUE INDEX "observation_source_id_external_id_key" ON "observation"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "goal_municipality_code_idx" ON "goal"("municipality_code");

-- CreateIndex
CREATE INDEX "goal_country_code_idx" ON "goal"("country_code");

-- CreateIndex
CREATE INDEX "goal_project_id_idx" ON "goal"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "goal_source_id_external_id_key" ON "goal"("source_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "project_source_id_external_id_key" ON "project"("source_id", "external_id");

-- CreateIndex
CREATE INDEX "project_partner_organization_id_idx" ON "project_partner"("organization_id");

-- CreateIndex
CREATE INDEX "project_municipality_municipality_code_idx" ON "project_municipality"("municipality_code");

-- AddForeignKey
ALTER TABLE "source" ADD CONSTRAINT "source_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook" ADD CONSTRAINT "webhook_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "change" ADD CONSTRAINT "change_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "change" ADD CONSTRAINT "change_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "change" ADD CONSTRAINT "change_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "country" ADD CONSTRAINT "country_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "region" ADD CONSTRAINT "region_country_code_fkey" FOREIGN KEY ("country_code") REFERENCES "country"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "region" ADD CONSTRAINT "region_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "municipality" ADD CONSTRAINT "municipality_country_code_fkey" FOREIGN KEY ("country_code") REFERENCES "country"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "municipality" ADD CONSTRAINT "municipality_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "municipality" ADD CONSTRAINT "municipality_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "municipality_alias" ADD CONSTRAINT "municipality_alias_municipality_code_fkey" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization" ADD CONSTRAINT "organization_country_code_fkey" FOREIGN KEY ("country_code") REFERENCES "country"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization" ADD CONSTRAINT "organization_municipality_code_fkey" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization" ADD CONSTRAINT "organization_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization" ADD CONSTRAINT "organization_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_identifier" ADD CONSTRAINT "organization_identifier_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_identifier" ADD CONSTRAINT "organization_identifier_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_category" ADD CONSTRAINT "product_category_parent_code_fkey" FOREIGN KEY ("parent_code") REFERENCES "product_category"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_category" ADD CONSTRAINT "product_category_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "unit_conversion" ADD CONSTRAINT "unit_conversion_category_code_fkey" FOREIGN KEY ("category_code") REFERENCES "product_category"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "unit_conversion" ADD CONSTRAINT "unit_conversion_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "producer" ADD CONSTRAINT "producer_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "producer" ADD CONSTRAINT "producer_country_code_fkey" FOREIGN KEY ("country_code") REFERENCES "country"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "producer" ADD CONSTRAINT "producer_municipality_code_fkey" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "producer" ADD CONSTRAINT "producer_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "producer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "producer" ADD CONSTRAINT "producer_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "producer_product" ADD CONSTRAINT "producer_product_producer_id_fkey" FOREIGN KEY ("producer_id") REFERENCES "producer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "producer_product" ADD CONSTRAINT "producer_product_category_code_fkey" FOREIGN KEY ("category_code") REFERENCES "product_category"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "producer_product" ADD CONSTRAINT "producer_product_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "certification" ADD CONSTRAINT "certification_producer_id_fkey" FOREIGN KEY ("producer_id") REFERENCES "producer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "certification" ADD CONSTRAINT "certification_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hub" ADD CONSTRAINT "hub_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hub" ADD CONSTRAINT "hub_municipality_code_fkey" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hub" ADD CONSTRAINT "hub_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hub_municipality" ADD CONSTRAINT "hub_municipality_hub_id_fkey" FOREIGN KEY ("hub_id") REFERENCES "hub"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hub_municipality" ADD CONSTRAINT "hub_municipality_municipality_code_fkey" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "producer_hub" ADD CONSTRAINT "producer_hub_producer_id_fkey" FOREIGN KEY ("producer_id") REFERENCES "producer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "producer_hub" ADD CONSTRAINT "producer_hub_hub_id_fkey" FOREIGN KEY ("hub_id") REFERENCES "hub"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kitchen" ADD CONSTRAINT "kitchen_municipality_code_fkey" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kitchen" ADD CONSTRAINT "kitchen_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kitchen" ADD CONSTRAINT "kitchen_central_kitchen_id_fkey" FOREIGN KEY ("central_kitchen_id") REFERENCES "kitchen"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kitchen" ADD CONSTRAINT "kitchen_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demand" ADD CONSTRAINT "demand_kitchen_id_fkey" FOREIGN KEY ("kitchen_id") REFERENCES "kitchen"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demand" ADD CONSTRAINT "demand_buyer_organization_id_fkey" FOREIGN KEY ("buyer_organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demand" ADD CONSTRAINT "demand_municipality_code_fkey" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demand" ADD CONSTRAINT "demand_category_code_fkey" FOREIGN KEY ("category_code") REFERENCES "product_category"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demand" ADD CONSTRAINT "demand_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demand" ADD CONSTRAINT "demand_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_buyer_organization_id_fkey" FOREIGN KEY ("buyer_organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement_municipality" ADD CONSTRAINT "agreement_municipality_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement_municipality" ADD CONSTRAINT "agreement_municipality_municipality_code_fkey" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lot" ADD CONSTRAINT "lot_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lot" ADD CONSTRAINT "lot_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lot_category" ADD CONSTRAINT "lot_category_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lot_category" ADD CONSTRAINT "lot_category_category_code_fkey" FOREIGN KEY ("category_code") REFERENCES "product_category"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lot_kitchen" ADD CONSTRAINT "lot_kitchen_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lot_kitchen" ADD CONSTRAINT "lot_kitchen_kitchen_id_fkey" FOREIGN KEY ("kitchen_id") REFERENCES "kitchen"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "award" ADD CONSTRAINT "award_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "award" ADD CONSTRAINT "award_supplier_organization_id_fkey" FOREIGN KEY ("supplier_organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "award" ADD CONSTRAINT "award_producer_id_fkey" FOREIGN KEY ("producer_id") REFERENCES "producer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "award" ADD CONSTRAINT "award_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_kitchen_id_fkey" FOREIGN KEY ("kitchen_id") REFERENCES "kitchen"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_buyer_organization_id_fkey" FOREIGN KEY ("buyer_organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_municipality_code_fkey" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_supplier_producer_id_fkey" FOREIGN KEY ("supplier_producer_id") REFERENCES "producer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_supplier_organization_id_fkey" FOREIGN KEY ("supplier_organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_producer_id_fkey" FOREIGN KEY ("producer_id") REFERENCES "producer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_category_code_fkey" FOREIGN KEY ("category_code") REFERENCES "product_category"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_replaces_id_fkey" FOREIGN KEY ("replaces_id") REFERENCES "delivery"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indicator" ADD CONSTRAINT "indicator_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "observation" ADD CONSTRAINT "observation_indicator_id_fkey" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "observation" ADD CONSTRAINT "observation_country_code_fkey" FOREIGN KEY ("country_code") REFERENCES "country"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "observation" ADD CONSTRAINT "observation_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "observation" ADD CONSTRAINT "observation_municipality_code_fkey" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "observation" ADD CONSTRAINT "observation_kitchen_id_fkey" FOREIGN KEY ("kitchen_id") REFERENCES "kitchen"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "observation" ADD CONSTRAINT "observation_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "observation" ADD CONSTRAINT "observation_facet_source_id_fkey" FOREIGN KEY ("facet_source_id") REFERENCES "source"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "observation" ADD CONSTRAINT "observation_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "goal" ADD CONSTRAINT "goal_country_code_fkey" FOREIGN KEY ("country_code") REFERENCES "country"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "goal" ADD CONSTRAINT "goal_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "goal" ADD CONSTRAINT "goal_municipality_code_fkey" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "goal" ADD CONSTRAINT "goal_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "goal" ADD CONSTRAINT "goal_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "goal" ADD CONSTRAINT "goal_indicator_id_fkey" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "goal" ADD CONSTRAINT "goal_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project" ADD CONSTRAINT "project_lead_organization_id_fkey" FOREIGN KEY ("lead_organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project" ADD CONSTRAINT "project_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_partner" ADD CONSTRAINT "project_partner_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_partner" ADD CONSTRAINT "project_partner_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_municipality" ADD CONSTRAINT "project_municipality_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_municipality" ADD CONSTRAINT "project_municipality_municipality_code_fkey" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
