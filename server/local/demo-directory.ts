/**
 * Demo directory data (hospitals with departments, experts, family doctors, knowledge articles).
 * Names are of real public hospitals so the demo reads true; doctors and articles are invented.
 */
import type { DirectoryDoc } from '../store/collections';

const commonDepartments = ['心血管内科', '消化内科', '呼吸内科', '内分泌科', '神经内科', '骨科', '普外科', '泌尿外科', '眼科', '耳鼻喉科', '皮肤科', '肿瘤科'];

const hospitals: [id: string, name: string, city: string, address: string][] = [
  ['h-rjyy', '上海交通大学医学院附属瑞金医院', '上海', '上海市黄浦区瑞金二路197号'],
  ['h-zsyy', '复旦大学附属中山医院', '上海', '上海市徐汇区枫林路180号'],
  ['h-hsyy', '复旦大学附属华山医院', '上海', '上海市静安区乌鲁木齐中路12号'],
  ['h-xhyy', '北京协和医院', '北京', '北京市东城区帅府园1号'],
  ['h-bdyy', '北京大学第一医院', '北京', '北京市西城区西什库大街8号'],
  ['h-zdyy', '浙江大学医学院附属第一医院', '杭州', '杭州市上城区庆春路79号'],
  ['h-zssy', '中山大学附属第一医院', '广州', '广州市越秀区中山二路58号'],
  ['h-hxyy', '四川大学华西医院', '成都', '成都市武侯区国学巷37号'],
];

const experts: [id: string, name: string, title: string, hospital: string, department: string, specialty: string][] = [
  ['e-001', '林正华', '主任医师', '复旦大学附属中山医院', '心血管内科', '冠心病、高血压、心力衰竭'],
  ['e-002', '沈雅琴', '主任医师', '上海交通大学医学院附属瑞金医院', '内分泌科', '糖尿病、甲状腺疾病'],
  ['e-003', '高立新', '主任医师', '北京协和医院', '消化内科', '胃肠疾病、消化道肿瘤早筛'],
  ['e-004', '许文博', '副主任医师', '四川大学华西医院', '骨科', '脊柱退变、关节疾病'],
  ['e-005', '韩静', '主任医师', '浙江大学医学院附属第一医院', '呼吸内科', '慢阻肺、肺结节'],
];

const familyDoctors: [id: string, name: string, title: string, hospital: string, specialty: string][] = [
  ['d-001', '陈医生', '主治医师', '复旦大学附属华山医院', '全科、慢病管理'],
  ['d-002', '杨医生', '副主任医师', '北京大学第一医院', '全科、老年病'],
  ['d-003', '孙医生', '主治医师', '中山大学附属第一医院', '全科、儿童常见病'],
];

const articles: [id: string, title: string, category: string, term: string, summary: string][] = [
  ['a-001', '小雪时节，温补有度', '饮食', '小雪', '天气转冷，宜温补而不过燥，多吃白萝卜、山药，少吃辛辣。'],
  ['a-002', '冬季晨练别太早', '运动', '大雪', '日出后再出门，先热身十分钟，心脑血管疾病患者更要注意保暖。'],
  ['a-003', '睡个好觉的五个习惯', '睡眠', '', '固定作息、睡前少看手机、卧室偏凉偏暗，午睡不超过半小时。'],
  ['a-004', '体检报告里的“箭头”怎么看', '体检', '', '偏高偏低不一定是病，结合年龄和复查结果，由医生综合判断。'],
  ['a-005', '血压计怎么选、怎么量', '慢病', '', '优先选上臂式电子血压计，安静休息五分钟后测量，每天固定时间。'],
];

export const DEMO_DIRECTORY: DirectoryDoc[] = [
  ...hospitals.map(([_id, name, city, address]) => ({
    _id,
    kind: 'hospital' as const,
    name,
    active: true,
    data: { city, address, level: '三级甲等', public: true, departments: commonDepartments },
  })),
  ...experts.map(([_id, name, title, hospital, department, specialty]) => ({
    _id,
    kind: 'expert' as const,
    name,
    active: true,
    data: { title, hospital, department, specialty },
  })),
  ...familyDoctors.map(([_id, name, title, hospital, specialty]) => ({
    _id,
    kind: 'familyDoctor' as const,
    name,
    active: true,
    data: { title, hospital, specialty },
  })),
  ...articles.map(([_id, name, category, term, summary]) => ({
    _id,
    kind: 'article' as const,
    name,
    active: true,
    data: { category, term, summary },
  })),
];
