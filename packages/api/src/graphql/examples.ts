/** Example queries preloaded as GraphiQL tabs. */
export const EXAMPLE_QUERIES: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: 'Horten at a glance',
    query: `# Horten (NO-3901): its producers, kitchens and goals.
query HortenAtAGlance {
  municipality(code: "NO-3901") {
    name
    region { name }
    producers(first: 5) {
      totalCount
      edges { node { name kind tenderReady categories { name(lang: "nb") } } }
    }
    kitchens(first: 5) { totalCount edges { node { name kind mealsPerDay } } }
    goals { title(lang: "nb") targetValue targetYear progress { currentValue asOf onTrack basis } }
  }
}`,
  },
  {
    name: 'Is Södertälje on track?',
    query: `# Goals that apply to Södertälje (SE-0181) — its own, Stockholm county's and Sweden's — with progress.
query SodertaljeGoals {
  goals(filter: { municipality: ["SE-0181"] }) {
    edges {
      node {
        title(lang: "sv")
        ownerKind
        indicator { key unit }
        baselineValue baselineYear targetValue targetYear
        progress { basis currentValue asOf expectedValue onTrack coverage note series { year value coverage } }
      }
    }
  }
}`,
  },
  {
    name: 'Root-vegetable growers near Horten',
    query: `# Tender-ready producers of root vegetables (potatoes, carrots… included) within 40 km of Horten.
query RootVegetablesNearHorten {
  producers(
    filter: { category: ["vegetables.root"], tenderReady: true }
    near: { lat: 59.417, lon: 10.483, radiusKm: 40 }
    first: 20
  ) {
    totalCount
    edges { node { name municipality { name } location { lat lon } products { category { code name(lang: "nb") } seasonMonths organic } certifications { scheme } } }
  }
}`,
  },
  {
    name: 'Producers on a map (bbox)',
    query: `# Everything a map needs for producers in a box around Dalarna's Falun–Borlänge–Ludvika.
query MapDalarna {
  producers(bbox: { minLat: 60.0, minLon: 14.5, maxLat: 60.9, maxLon: 16.2 }, first: 100) {
    totalCount
    edges { node { id name location { lat lon } locationPrecision categories { code } } }
  }
}`,
  },
  {
    name: 'Category tree',
    query: `# The product category tree with CPV and DFC codes.
query CategoryTree {
  categories(filter: { roots: true }, first: 100) {
    edges { node { code name(lang: "sv") cpv children { code name(lang: "sv") cpv dfcProductType children { code name(lang: "sv") } } } }
  }
}`,
  },
  {
    name: 'Open demand and agreements',
    query: `# What kitchens in Horten need, and the agreements that cover them.
query HortenDemand {
  demands(filter: { municipality: ["NO-3901"], status: [OPEN] }) {
    totalCount
    edges { node { title category { name(lang: "nb") } quantity unit periodStart periodEnd procurementRoute organicRequired kitchen { name } } }
  }
  agreements(filter: { municipality: ["NO-3901"] }) {
    edges { node { title status periodStart periodEnd lots { number title categories { code } awards { supplierName } } } }
  }
}`,
  },
  {
    name: 'Who could deliver to Horten next autumn?',
    query: `# Which tender-ready producers could deliver root vegetables to Horten's school kitchens in autumn 2027, and why?
# Open demand for root vegetables (potatoes, carrots… included), each with its ranked matches and reasons.
# These are call-offs under a framework agreement: only the requirements rank; distance is shown, never ranked.
query WhoCouldDeliver {
  demands(filter: { municipality: ["NO-3901"], category: ["vegetables.root"], status: [OPEN], from: "2027-08-01" }) {
    edges {
      node {
        title periodStart periodEnd quantity unit procurementRoute
        kitchen { name kind }
        lot { title tenderReadyProducers }
        matches(first: 3, qualifyingOnly: true) {
          qualifyingCount rankedByDistance
          edges { node { rank producer { name municipality { name } } distanceKm viaHub { name } reasons { criterion status message } } }
        }
      }
    }
  }
  demandGaps(municipality: ["NO-3901"], category: ["vegetables.root"], from: "2027-08-01", to: "2027-11-30") {
    categoryCode year month demandKg capacityKg producers gapKg
  }
}`,
  },
  {
    name: 'Projects and sources',
    query: `# Projects in the commons, and where the data comes from (licences and attributions).
query ProjectsAndSources {
  projects { edges { node { name acronym funder periodStart periodEnd lead { name } municipalities { code name } } } }
  sources { edges { node { key name publisher licence attribution } } }
}`,
  },
];
