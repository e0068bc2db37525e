"""The demo: 定西市 with its 区县 and departments, one user per role, and plans built from the seed
documents through extraction, review and publish. The subject → unit mapping below is what the demo's
reviewing coordinator assigns; it was reviewed by hand against the seeds' tasks (demo data only: the
extraction engine never sees it)."""

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
    "市纪委监委",
    "市委组织部",
    "市委统战部",
    "市委宣传部",
    "市公安局",
    "市民政局",
    "市林草局",
]
COUNTY_DEPARTMENTS = [
    "发改局",
    "农业农村局",
    "住建局",
    "改革办",
    "教育局",
    "卫健局",
    "人社局",
    "财政局",
    "纪委监委",
    "委组织部",
]
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
    ("longxi_gg", "马丽（陇西县委改革办）", "陇西县改革办", ["coordinator"]),
    ("tongji", "吴芳（市统计局）", "市统计局", ["statistician"]),
]

# The plans: each seed document goes through the extraction → review → publish path.
# (file, plan title, year, issuing unit, default lead unit for tasks whose subject names no unit)
PLANS = [
    ("004_95db6609db29eed6.txt", "2026年定西市政府工作报告重点任务", 2026, CITY, "市政府办"),
    ("000_d4cf002dd97c705d.txt", "全面深化改革工作会议讲话任务清单", 2026, CITY, "市委改革办"),
    # a 县委深改委 meeting speech: the demo's 县 plan, issued by 陇西县
    ("001_05da8f19ab964a6b.txt", "陇西县委全面深化改革委员会会议部署任务", 2026, "陇西县", "陇西县改革办"),
    ("002_60cb8e8a8be9a845.txt", "重点工作推进会议部署任务", 2026, CITY, "市政府办"),
    ("003_2149ed366db6bb90.txt", "廉政工作会议部署任务", 2026, CITY, "市政府办"),
]
# Who reviews and publishes a plan, by issuing unit.
COORDINATORS = {CITY: "gaige", "陇西县": "longxi_gg"}

# Subjects of work: the words that state one (in a task's title or text, space-separated) → a department.
SUBJECTS = [
    (
        "农田 农业 乡村 农村 村庄 粮食 种业 种植 养殖 蔬菜 菜篮子 农产品 畜牧 草畜 马铃薯 中药材 脱贫 返贫",
        "agri",
    ),
    ("项目 投资 开复工 重大工程 要素市场 县域经济 民营经济 新能源 风光电 内需", "dev"),
    ("消费 商贸 物流 外贸 招商 房交会 车展 展会 对外开放", "commerce"),
    ("工业 制造 产业链 产业集群 新兴产业 园区 数字经济 企业 小升规 规上", "industry"),
    ("科技 创新 研发 高新 成果转化", "science"),
    (
        "生态环境 生态保护 两山 美丽中国 环保 污染 蓝天 碧水 净土 大气 空气质量 地表水 水环境 固体废物 固废",
        "ecology",
    ),
    ("碳排放 碳达峰 绿色低碳 黄河流域", "ecology"),
    ("土地 三块地 耕地 供地 矿山 砂石 生态修复", "resources"),
    ("住房 房屋 物业 城市 城镇 供热 老旧小区 燃气 天然气 房地产 保障性", "housing"),
    ("教育 学校 学前 义务 立德树人 五育", "education"),
    ("医疗 卫生 健康 医院 专科 医保 疾控 生育", "health"),
    ("就业 稳岗 劳务 社保 社会保障 养老保险 人才 技能 工资", "hr"),
    ("养老服务 救助 低保 儿童 殡葬 婚姻", "civil"),
    ("交通 公路 农村公路 高速 铁路 机场 客运", "transport"),
    ("旅游 文化 文旅 景区 文物 文艺", "culture"),
    ("财政 预算 债务 税 闲置资产 国有资产", "finance"),
    ("安全生产 应急 防灾 减灾 消防 地震 安全", "safety"),
    ("治安 扫黑除恶 公安 电信网络诈骗", "police"),
    ("改革 营商环境 放管服", "reform"),
    ("纪检 监察 廉政 廉洁 腐败 从严治党 作风 警示教育 巡察 四风 八项规定", "discipline"),
    ("党建 党组织 主题教育 干部 选人用人 组织建设", "organization"),
    ("宣传 意识形态 核心价值观 精神文明 文明实践 文明城市", "publicity"),
    ("民族团结 宗教 统战", "united_front"),
    ("市场监管 食品安全 药品 特种设备 知识产权 消费者权益 公平竞争 限制竞争", "market"),
    ("水利 灌区 灌溉 供水 水资源 水土保持 河湖 饮用水 引洮", "water"),
    ("林业 造林 防护林 国土绿化 绿满 经济林 林下经济 林长制", "forestry"),
]
# The city department of each subject; and the county one, as a suffix of the county's name (a county
# without that department leaves the task to the plan's default lead unit).
CITY_UNITS = {
    "agri": "市农业农村局",
    "dev": "市发改委",
    "commerce": "市商务局",
    "industry": "市工信局",
    "science": "市科技局",
    "ecology": "市生态环境局",
    "resources": "市自然资源局",
    "housing": "市住建局",
    "education": "市教育局",
    "health": "市卫健委",
    "hr": "市人社局",
    "civil": "市民政局",
    "transport": "市交通运输局",
    "culture": "市文旅局",
    "finance": "市财政局",
    "safety": "市应急局",
    "police": "市公安局",
    "reform": "市委改革办",
    "discipline": "市纪委监委",
    "organization": "市委组织部",
    "publicity": "市委宣传部",
    "united_front": "市委统战部",
    "market": "市市场监管局",
    "water": "市水务局",
    "forestry": "市林草局",
}
COUNTY_UNITS = {
    "agri": "农业农村局",
    "dev": "发改局",
    "housing": "住建局",
    "education": "教育局",
    "health": "卫健局",
    "hr": "人社局",
    "finance": "财政局",
    "reform": "改革办",
    "discipline": "纪委监委",
    "organization": "委组织部",
}
# How a city document names its counties (安定 alone is left out: 社会安定 is not 安定区).
COUNTY_MENTIONS = {
    "安定区": ("安定区",),
    "通渭县": ("通渭",),
    "陇西县": ("陇西",),
    "渭源县": ("渭源",),
    "临洮县": ("临洮",),
    "漳县": ("漳县",),
    "岷县": ("岷县",),
}
