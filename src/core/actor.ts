/**
 * The person acting: the logged-in member as the domain sees them. What they may read is their
 * reach (auth/reach.ts: own records, their branch if secretary, their grants' subtrees) and what
 * they may do the policies say (auth/policies.ts); nobody writes another person's record.
 */
import type { Role } from "./labels.ts";

export interface Actor {
  id: number;
  username: string;
  name: string;
  role: Role;
}
