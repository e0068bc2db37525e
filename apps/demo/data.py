"""The demo: 定西市 with its 区县 and departments, one user per role, and the 2026 政府工作报告 made into
a plan by hand (the extraction engine builds the plans from the seed documents once it is wired in)."""

CITY = "定西市"
COUNTIES = ["安定区", "通渭县", "陇西县", "渭源县", "临洮县", "漳县", "岷县"]
CITY_DEPARTMENTS = [
    "市委改革办",
    "市政府办",
    "市发改委",
    "市统计局",
    "市应急局",
    "市住建局",
    "市商务局",
    "市财政局",
    "市农业农村局",
    "市工信局",
    "市科技局",
    "市生态环境局",
    "市自然资源局",
    "市水务局",
    "市教育局",
    "市卫健委",
    "市人社局",
    "市交通运输局",
    "市文旅局",
    "市市场监管局",
]
COUNTY_DEPARTMENTS = ["发改局", "农业农村局", "住建局", "改革办"]
TOWNSHIPS = {"陇西县": ["文峰镇", "首阳镇"], "安定区": ["内官营镇", "巉口镇"], "岷县": ["梅川镇"]}

PASSWORD = "luoshi2026"
USERS = [
    # username, full name, unit, roles
    ("admin", "系统管理员", "市政府办", ["admin"]),
    ("gaige", "王晓东（市委改革办）", "市委改革办", ["coordinator", "inspector"]),
    ("duchaban", "刘敏（市政府督查室）", "市政府办", ["coordinator"]),
    ("shizhang", "市长", "市政府办", ["leader"]),
    ("ducha", "陈静（督查员）", "市委改革办", ["inspector"]),
    ("fgw", "赵磊（市发改委填报员）", "市发改委", ["reporter"]),
    ("fgw_sh", "孙红（市发改委审核人）", "市发改委", ["approver"]),
    ("zjj", "李强（市住建局填报员）", "市住建局", ["reporter"]),
    ("nyj", "周芳（市农业农村局填报员）", "市农业农村局", ["reporter"]),
    ("longxi", "陇西县填报员", "陇西县", ["reporter"]),
    ("longxi_ld", "陇西县领导", "陇西县", ["leader"]),
]

# The plans: each seed document goes through the extraction → review → publish path.
# (file, plan title, year, default lead unit for tasks the document names no unit for)
PLANS = [
    ("004_95db6609db29eed6.txt", "2026年定西市政府工作报告重点任务", 2026, "市政府办"),
    ("000_d4cf002dd97c705d.txt", "全面深化改革工作会议讲话任务清单", 2026, "市委改革办"),
    ("001_05da8f19ab964a6b.txt", "县委全面深化改革委员会会议部署任务", 2026, "市委改革办"),
    ("002_60cb8e8a8be9a845.txt", "重点工作推进会议部署任务", 2026, "市政府办"),
    ("003_2149ed366db6bb90.txt", "廉政工作会议部署任务", 2026, "市政府办"),
]

# What the reviewing coordinator does on the review screen for the work report: give each task a lead
# unit by its subject (demo data only; the engine never sees this).
LEADS_BY_SUBJECT = [
    ("农田|农业|乡村|粮食|灌溉|种业|畜牧|脱贫|帮扶", "市农业农村局"),
    ("项目|投资|开复工|重大工程", "市发改委"),
    ("消费|商贸|物流|外贸|招商|房交会", "市商务局"),
    ("工业|企业|产业链|制造|数字", "市工信局"),
    ("科技|创新|研发|高新", "市科技局"),
    ("生态|污染|空气|环境|碳|绿色|水土", "市生态环境局"),
    ("住房|城市|城镇|供热|老旧小区|燃气", "市住建局"),
    ("教育|学校|学前|义务", "市教育局"),
    ("医疗|卫生|健康|医院", "市卫健委"),
    ("就业|社保|养老|人才", "市人社局"),
    ("交通|公路|高速|铁路", "市交通运输局"),
    ("旅游|文化|文旅", "市文旅局"),
    ("财政|预算|债务|税", "市财政局"),
    ("安全|应急|防灾", "市应急局"),
    ("改革|营商环境", "市委改革办"),
]
