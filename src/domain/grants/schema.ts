/** The grant form of an account's admin page: an org code (组织代码) and REVIEWER or ADMIN. */
import { z } from "zod";
import { f } from "../forms.ts";
import { GRANT_ROLES } from "./grants.ts";

export const grantForm = z.object({
  orgCode: f.text("组织代码", 40),
  role: f.choice("授权类型", GRANT_ROLES),
});
