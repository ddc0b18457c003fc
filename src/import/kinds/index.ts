/** The import kinds of FORMATS.md "Import files", by the name `ledger import` takes. */
import type { ImportKind, KindSpec } from "../types.ts";
import { orgsSpec } from "./orgs.ts";
import { transfersSpec } from "./transfers.ts";
import { zonesSpec } from "./zones.ts";
import { unitsSpec } from "./units.ts";
import { membersSpec } from "./members.ts";
import { residentsSpec } from "./residents.ts";
import { talksSpec } from "./talks.ts";
import { visitsSpec } from "./visits.ts";
import { meetingsSpec } from "./meetings.ts";
import { ballotsSpec } from "./ballots.ts";
import { surveySpec } from "./survey.ts";
import { staysSpec } from "./stays.ts";
import { writingsSpec } from "./writings.ts";
import { stationingSpec } from "./stationing.ts";
import { trainingSpec } from "./training.ts";

export const SPECS: { [K in ImportKind]: KindSpec<never> } = {
  orgs: orgsSpec as KindSpec<never>,
  transfers: transfersSpec as KindSpec<never>,
  zones: zonesSpec as KindSpec<never>,
  units: unitsSpec as KindSpec<never>,
  members: membersSpec as KindSpec<never>,
  residents: residentsSpec as KindSpec<never>,
  talks: talksSpec as KindSpec<never>,
  visits: visitsSpec as KindSpec<never>,
  meetings: meetingsSpec as KindSpec<never>,
  ballots: ballotsSpec as KindSpec<never>,
  survey: surveySpec as KindSpec<never>,
  stays: staysSpec as KindSpec<never>,
  writings: writingsSpec as KindSpec<never>,
  stationing: stationingSpec as KindSpec<never>,
  training: trainingSpec as KindSpec<never>,
};
