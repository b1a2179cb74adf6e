import pendulum
import disputeflow as d
from disputeflow.engine import Court
lc = d.prc_civil_2025()
courts = [Court("baicheng-intermediate", "Baicheng Intermediate People's Court", "白城市中级人民法院", "吉08"),
          Court("taobei", "Taobei District People's Court", "洮北区人民法院", "吉0802", parent="baicheng-intermediate", region="taobei")]
eng = d.Engine(lc, courts=courts)
tz = "Asia/Shanghai"
at = lambda *a: pendulum.datetime(*a, tz=tz)
facts = d.Facts(category="private_loan", court="taobei", region="taobei", claim_amount=38000,
    parties=(d.Party("Wang Li", "plaintiff"), d.Party("Zhao Gang", "defendant")))
out = eng.open("D1", facts, "receive_complaint", at=at(2025,3,3,9), actor="clerk-01")
log = list(out.events)
def show(o):
    global log
    log += o.events
    for line in o.describe(lc): print("  ", line)
for line in out.describe(lc): print("  ", line)
case = out.case
def fire(p, trig, when, **kw):
    global case
    o = eng.fire(case, p, trig, at=when, actor=kw.pop("actor","clerk"), **kw)
    case = o.case; show(o); return o
fire("p1", "issue_correction_notice", at(2025,3,3,10), data={"missing": ["evidence list"]})
fire("p1", "submit_correction", at(2025,3,10,9))
fire("p1", "register", at(2025,3,10,11))
fire("p1", "assign_small_claims", at(2025,3,11,9), data={"judge": "J. Liu"})
fire("p1", "offer_prior_mediation", at(2025,3,12,9), data={"consent": True, "venue": "court_roster", "mediator": "M-7"})
for c in eng.deadlines(case, at(2025,3,12,10)): print("   CLOCK", c.proceeding_id, c.label_en, c.view.deadline.due_on, c.view.remaining_days)
o = eng.advance(case, at(2025,3,25)); case=o.case; show(o)
fire("p1", "pay_fee", at(2025,3,26,9), actor="party")
fire("p1", "render_judgment", at(2025,4,20,9))
print([ (a.trigger, a.allowed) for a in eng.allowed(case)])
fire("p1", "apply_for_execution", at(2025,6,1,9))
fire("p2", "accept_execution", at(2025,6,2,9))
fire("p2", "assign_handler", at(2025,6,3,9), data={"handler": "H-3"})
try:
    fire("p2", "terminate_current_execution", at(2025,7,1,9))
except Exception as e:
    print("ERR", type(e).__name__, e)
for t in ["issue_execution_notice","order_property_report","restrict_consumption","complete_property_search","search_for_debtor"]:
    fire("p2", t, at(2025,7,2,9))
fire("p2", "terminate_current_execution", at(2025,9,10,9))
for c in eng.deadlines(case, at(2025,9,10,10)): print("   CLOCK", c.proceeding_id, c.label_en, c.view.deadline.due_on, c.view.deadline.provisional)
fire("p2", "record_asset_check", at(2026,3,5,9))
fire("p2", "apply_for_resumption", at(2026,3,6,9))
for p in case.proceedings: print(p.id, p.kind, p.case_number, p.state, p.accepted_on, p.closed_on, p.closing_kind)
r = d.replay(log, lc)
print("replay equal:", r == case)
