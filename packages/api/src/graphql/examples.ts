/** An example query, preloaded as a GraphiQL tab, with what its title promises. */
export interface ExampleQuery {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /**
   * The lists the title promises data in, as paths through the answer (`goals.edges`: the edges
   * of `goals`; through lists, every item's): the demo data fills each (examples.test.ts checks it).
   */
  returns: string[];
  /** For researchers: statistics cells that anonymous callers may read (not every one suppressed). */
  researcher?: boolean;
}

/** Example queries preloaded as GraphiQL tabs. */
export const EXAMPLE_QUERIES: ExampleQuery[] = [
  {
    name: 'Horten at a glance',
    query: `# Horten (NO-3901): its producers, kitchens and the goals that apply to it.
# Horten's goals belong to its project Horten lokalhandel. The goals filter by municipality returns
# every goal for a place (its own, its county's, its country's and its projects'); the goals field of
# a municipality lists only the goals it owns itself.
query HortenAtAGlance {
  municipality(code: "NO-3901") {
    name
    region { name }
    producers(first: 5) {
      totalCount
      edges { node { name kind tenderReady categories { name(lang: "nb") } } }
    }
    kitchens(first: 5) { totalCount edges { node { name kind mealsPerDay } } }
  }
  goals(filter: { municipality: ["NO-3901"] }) {
    edges { node { title(lang: "nb") ownerKind project { name } targetValue targetYear progress { currentValue asOf onTrack basis } } }
  }
}`,
    returns: ['municipality.producers.edges', 'municipality.kitchens.edges', 'goals.edges'],
  },
  {
    name: 'Is Södertälje on track?',
    query: `# Goals that apply to Södertälje (SE-0181) — its own, Stockholm county's, Sweden's and its projects' (KISMET) — with progress.
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
    returns: ['goals.edges', 'goals.edges.node.progress.series'],
  },
  {
    name: 'Organic and local share by municipality and year',
    query: `# For researchers: organic and local share of what the kitchens bought, by municipality and year,
# with local as within 50 km of the kitchen. Shares are Σ/Σ over delivery lines (fractions 0–1), by
# value excluding VAT, in each country's currency; a cell from fewer than 3 suppliers is suppressed.
query SharesByMunicipalityYear {
  deliveryStats(
    filter: { municipality: ["NO-3901", "SE-0181", "SE-2080"] }
    groupBy: [MUNICIPALITY, YEAR]
    local: { definition: WITHIN_KM, km: 50 }
  ) {
    local localKm measure
    rows { municipality { code name } year currency suppressed total organic local unknownOrigin organicShare localShare localShareOfKnown lines }
  }
}`,
    returns: ['deliveryStats.rows'],
    researcher: true,
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
    returns: ['producers.edges', 'producers.edges.node.products'],
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
    returns: ['producers.edges'],
  },
  {
    name: 'Category tree',
    query: `# The product category tree with CPV and DFC codes.
query CategoryTree {
  categories(filter: { roots: true }, first: 100) {
    edges { node { code name(lang: "sv") cpv children { code name(lang: "sv") cpv dfcProductType children { code name(lang: "sv") } } } }
  }
}`,
    returns: ['categories.edges'],
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
    returns: ['demands.edges', 'agreements.edges', 'agreements.edges.node.lots'],
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
    returns: ['demands.edges', 'demandGaps'],
  },
  {
    name: 'Projects and sources',
    query: `# Projects in the commons, and where the data comes from (licences and attributions).
query ProjectsAndSources {
  projects { edges { node { name acronym funder periodStart periodEnd lead { name } municipalities { code name } } } }
  sources { edges { node { key name publisher licence attribution } } }
}`,
    returns: ['projects.edges', 'projects.edges.node.municipalities', 'sources.edges'],
  },
];
